namespace ResNeXt.Inference.Registry;

/// <summary>The model is known but its checkpoint is not on disk; the message says how to get it.</summary>
public sealed class ModelNotAvailableException : InferenceException
{
    private const string NotDownloaded = "model-not-downloaded";

    public ModelNotAvailableException(string name, string directory)
        : base(NotDownloaded, $"No checkpoint for '{name}' in '{directory}'. Download it with `resnext download {name} --dir {directory}`, " +
            "copy it there as <model>.pth, <model>.safetensors or the official file name, or set Models__AutoDownload=true.") =>
        ModelName = name;

    /// <summary>
    /// The model's file is configured (<c>Models:Checkpoints:NAME</c>) and not there: advice about the models folder
    /// would send the reader to the wrong place.
    /// </summary>
    public ModelNotAvailableException(string name, string directory, string configuredPath)
        : base(NotDownloaded, $"No checkpoint for '{name}': {RegistryOptions.SectionName}:{nameof(RegistryOptions.Checkpoints)}:{name} names " +
            $"'{configuredPath}', which does not exist (a relative path is taken from the service's working directory, not from '{directory}').") =>
        ModelName = name;

    public string ModelName { get; }
}
