namespace ResNeXt.Api.OpenInference;

/// <summary>An inference request decoded from REST or gRPC.</summary>
/// <param name="Outputs">Null when the request names none: <see cref="TensorNames.DefaultOutputs"/> are answered.</param>
public sealed record InferCall(string? Id, IReadOnlyList<InferInputTensor> Inputs, IReadOnlyList<RequestedOutput>? Outputs);
