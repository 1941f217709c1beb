namespace ResNeXt.Api.OpenInference.Rest;

/// <summary>The JSON of an infer response, for the OpenAPI document; <see cref="RestInferCodec"/> writes it.</summary>
public sealed record RestInferResponseDocument(string ModelName, string ModelVersion, string? Id, IReadOnlyList<RestOutputDocument> Outputs);
