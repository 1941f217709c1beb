namespace ResNeXt.Api.OpenInference;

/// <param name="Outputs">In the order the request named them (or <see cref="TensorNames.DefaultOutputs"/>'s order).</param>
public sealed record InferAnswer(string ModelName, string ModelVersion, string? Id, IReadOnlyList<InferOutputTensor> Outputs);
