namespace ResNeXt.Api.OpenInference;

/// <param name="Shape">-1 for a variable dimension (the batch).</param>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);
