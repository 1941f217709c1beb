namespace ResNeXt.Inference.Batching;

/// <summary>
/// The model's batching worker no longer accepts images (the model is being unloaded or the host is stopping), or ran
/// out of shutdown time before reaching this image.
/// </summary>
public sealed class WorkerStoppedException(string modelName)
    : InferenceException("model-unloading", $"Model '{modelName}' is unloading and accepts no more images.")
{
    public string ModelName { get; } = modelName;
}
