namespace ResNeXt.Inference.Registry;

public sealed class ModelNotFoundException(string name, IEnumerable<string> knownNames)
    : InferenceException("model-not-found", $"Unknown model '{name}'. Known models: {string.Join(", ", knownNames)}.")
{
    public string ModelName { get; } = name;
}
