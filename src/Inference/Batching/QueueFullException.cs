namespace ResNeXt.Inference.Batching;

/// <summary>
/// The model's queue has no room for the request's images. Raised at once instead of waiting, so overload shows up
/// as a fast 429 with <see cref="RetryAfter"/> rather than as silent latency.
/// </summary>
public sealed class QueueFullException(string modelName, int capacity, TimeSpan retryAfter)
    : InferenceException("queue-full",
        $"The queue for model '{modelName}' is full ({capacity} images). Retry after {WholeSeconds(retryAfter)} s.")
{
    public string ModelName { get; } = modelName;

    /// <summary>Estimated time until the images queued now have been computed.</summary>
    public override TimeSpan? RetryAfter { get; } = retryAfter;
}
