namespace ResNeXt.Api.OpenInference;

/// <summary>One decoded input tensor, whatever the wire: <see cref="Floats"/> for FP32, <see cref="Bytes"/> for BYTES.</summary>
public sealed record InferInputTensor(string Name, string Datatype, IReadOnlyList<long> Shape, float[]? Floats,
    IReadOnlyList<ReadOnlyMemory<byte>>? Bytes)
{
    public long ElementCount => Floats?.Length ?? Bytes?.Count ?? 0;
}
