using Microsoft.Extensions.Options;

namespace ResNeXt.Api.Options;

/// <summary>Reflection-free validation of <see cref="LimitsOptions"/>'s annotations, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class LimitsOptionsValidator : IValidateOptions<LimitsOptions>;
