using Microsoft.Extensions.Options;

namespace ResNeXt.Inference.Registry;

/// <summary>Reflection-free validation of <see cref="RegistryOptions"/>, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class RegistryOptionsValidator : IValidateOptions<RegistryOptions>;
