namespace ResNeXt.Api.OpenInference;

public sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);
