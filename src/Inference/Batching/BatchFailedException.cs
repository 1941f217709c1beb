namespace ResNeXt.Inference.Batching;

/// <summary>
/// The forward pass that held this image threw. Each image of the batch gets its own instance with the runner's
/// exception as <see cref="Exception.InnerException"/>: one exception object rethrown by many awaiters at once would
/// have its stack trace rewritten concurrently.
/// </summary>
public sealed class BatchFailedException(string modelName, int batchSize, Exception innerException)
    : InferenceException("batch-failed", $"The forward pass of {batchSize} images for model '{modelName}' failed.", innerException)
{
    public string ModelName { get; } = modelName;
}
