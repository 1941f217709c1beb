namespace ResNeXt.Inference.Batching;

/// <summary>The image's deadline passed before the worker could compute it; it was not computed.</summary>
public sealed class InferenceTimeoutException(string modelName, DateTimeOffset deadline)
    : InferenceException("deadline-exceeded", $"The deadline {deadline:O} passed while the image waited for model '{modelName}'.")
{
    public string ModelName { get; } = modelName;

    public DateTimeOffset Deadline { get; } = deadline;
}
