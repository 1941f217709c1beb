using System.Text.Json;

namespace ResNeXt.Api.OpenInference.Rest;

/// <param name="Parameters">content_type: "base64" for BYTES in JSON; binary_data_size when the data follows the JSON.</param>
/// <param name="Data">Flat or nested, row-major: numbers for FP32, base64 strings for BYTES.</param>
public sealed record RestInputDocument(string Name, string Datatype, IReadOnlyList<long> Shape,
    IReadOnlyDictionary<string, JsonElement>? Parameters, JsonElement? Data);
