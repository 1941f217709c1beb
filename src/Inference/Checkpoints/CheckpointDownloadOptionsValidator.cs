using Microsoft.Extensions.Options;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>Reflection-free validation of <see cref="CheckpointDownloadOptions"/>, generated from its annotations.</summary>
[OptionsValidator]
public sealed partial class CheckpointDownloadOptionsValidator : IValidateOptions<CheckpointDownloadOptions>;
