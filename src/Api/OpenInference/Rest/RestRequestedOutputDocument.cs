using System.Text.Json;

namespace ResNeXt.Api.OpenInference.Rest;

/// <param name="Parameters">classification: k (top-k strings), binary_data: true (raw output after the JSON).</param>
public sealed record RestRequestedOutputDocument(string Name, IReadOnlyDictionary<string, JsonElement>? Parameters);
