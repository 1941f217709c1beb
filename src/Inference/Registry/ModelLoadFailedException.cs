namespace ResNeXt.Inference.Registry;

/// <summary>The last attempt to load the model failed; the inner exception (often another <see cref="InferenceException"/>) says why.</summary>
/// <param name="retryAfter">When a new attempt will be made on its own (a failed download); null when only a changed file or an explicit load retries.</param>
public sealed class ModelLoadFailedException(string name, string reason, Exception? innerException = null, TimeSpan? retryAfter = null)
    : InferenceException("model-load-failed", $"Model '{name}' failed to load: {reason}", innerException)
{
    public string ModelName { get; } = name;

    public override TimeSpan? RetryAfter { get; } = retryAfter;
}
