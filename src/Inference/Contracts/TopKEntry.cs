using System.Text.Json.Serialization;

namespace ResNeXt.Inference.Contracts;

public sealed record TopKEntry(int Label, [property: JsonPropertyName("class")] string ClassName, float Score);
