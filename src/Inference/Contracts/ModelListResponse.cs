namespace ResNeXt.Inference.Contracts;

/// <param name="DefaultModel">What <c>POST /features</c> uses when no model is named.</param>
/// <param name="JpegDecoder">What decodes uploaded JPEGs: libjpeg-turbo, or libjpeg.net where libturbojpeg is missing (same pixels, slower).</param>
public sealed record ModelListResponse(string DefaultModel, string JpegDecoder, IReadOnlyList<ModelResponse> Models);
