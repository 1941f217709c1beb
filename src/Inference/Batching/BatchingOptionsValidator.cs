using Microsoft.Extensions.Options;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// Validates <see cref="BatchingOptions"/> without reflection: the Microsoft.Extensions.Options source generator
/// writes the body from the <c>[Range]</c> annotations and calls <see cref="BatchingOptions.Validate"/> for the
/// cross-key rules.
/// </summary>
[OptionsValidator]
public sealed partial class BatchingOptionsValidator : IValidateOptions<BatchingOptions>;
