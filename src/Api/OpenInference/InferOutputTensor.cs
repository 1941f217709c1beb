namespace ResNeXt.Api.OpenInference;

/// <summary>One output tensor, row-major: <see cref="Floats"/> for FP32, <see cref="Strings"/> (UTF-8) for BYTES.</summary>
public sealed record InferOutputTensor(string Name, string Datatype, IReadOnlyList<long> Shape, float[]? Floats, IReadOnlyList<byte[]>? Strings);
