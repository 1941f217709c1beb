using Microsoft.Extensions.Options;

namespace ResNeXt.Api.Options;

/// <summary>Reflection-free validation of <see cref="ShutdownOptions"/>'s annotations, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>;
