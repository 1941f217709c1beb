namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>A decoded REST request, with what only REST has: whether outputs not named answer in binary.</summary>
/// <param name="BinaryByDefault">The request's <c>parameters.binary_data_output</c>.</param>
public sealed record RestInferRequest(InferCall Call, bool BinaryByDefault);
