using System.Text.Json;

namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>The JSON of an infer request, for the OpenAPI document; <see cref="RestInferCodec"/> reads the body itself.</summary>
/// <param name="Parameters">binary_data_output: true answers every output in binary.</param>
public sealed record RestInferRequestDocument(string? Id, IReadOnlyDictionary<string, JsonElement>? Parameters,
    IReadOnlyList<RestInputDocument> Inputs, IReadOnlyList<RestRequestedOutputDocument>? Outputs);
