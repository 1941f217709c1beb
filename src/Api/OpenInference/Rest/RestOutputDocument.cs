using System.Text.Json;

namespace ResNeXt.Api.OpenInference.Rest;

/// <param name="Parameters">binary_data_size when the output follows the JSON instead of <paramref name="Data"/>.</param>
/// <param name="Data">Flat, row-major: numbers for FP32, "score:index:label" strings for classification.</param>
public sealed record RestOutputDocument(string Name, string Datatype, IReadOnlyList<long> Shape,
    IReadOnlyDictionary<string, JsonElement>? Parameters, JsonElement? Data);
