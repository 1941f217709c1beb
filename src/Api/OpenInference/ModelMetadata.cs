namespace ResNeXt.Api.OpenInference;

/// <summary>A model as the Open Inference Protocol describes it; -1 marks a dimension not known until the model loads.</summary>
public sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs);
