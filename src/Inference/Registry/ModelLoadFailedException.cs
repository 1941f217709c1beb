namespace ResNeXt.Inference.Registry;

/// <summary>The last attempt to load the model failed; the inner exception (often another <see cref="InferenceException"/>) says why.</summary>
public sealed class ModelLoadFailedException(string name, string reason, Exception? innerException = null)
    : InferenceException("model-load-failed", $"Model '{name}' failed to load: {reason}", innerException)
{
    public string ModelName { get; } = name;
}
