using Microsoft.Extensions.Options;

namespace ResNeXt.Inference.Preprocessing;

[OptionsValidator]
public sealed partial class PreprocessingOptionsValidator : IValidateOptions<PreprocessingOptions>;
