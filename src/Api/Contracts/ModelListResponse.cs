namespace ResNeXt.Api.Contracts;

/// <param name="DefaultModel">What <c>POST /features</c> uses when no model is named.</param>
public sealed record ModelListResponse(string DefaultModel, IReadOnlyList<ModelResponse> Models);
