namespace ResNeXt.Inference.Registry;

/// <summary>The model is known but its checkpoint is not on disk; the message says how to get it.</summary>
public sealed class ModelNotAvailableException(string name, string directory)
    : InferenceException("model-not-downloaded",
        $"No checkpoint for '{name}' in '{directory}'. Download it with `resnext download {name} --dir {directory}`, " +
        "copy it there as <model>.pth, <model>.safetensors or the official file name, or set Models__AutoDownload=true.")
{
    public string ModelName { get; } = name;
}
