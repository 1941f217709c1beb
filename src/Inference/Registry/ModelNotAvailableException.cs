namespace ResNeXt.Inference.Registry;

/// <summary>The model is known but its checkpoint is not on disk; the message says how to get it.</summary>
public sealed class ModelNotAvailableException : InferenceException
{
    private const string NotDownloaded = "model-not-downloaded";

    /// <summary>Without the settings at hand: advice that holds whatever Models:AutoDownload is.</summary>
    public ModelNotAvailableException(string name, string directory)
        : this(name, directory, inCatalogue: ModelCatalog.TryGet(name, out _), autoDownload: false)
    {
    }

    /// <summary>
    /// Advises only what would help: turning Models:AutoDownload on is no advice when it is on already, and neither it nor
    /// <c>resnext download</c> can fetch a model outside the catalogue.
    /// </summary>
    public ModelNotAvailableException(string name, string directory, bool inCatalogue, bool autoDownload)
        : base(NotDownloaded, Advice(name, directory, inCatalogue, autoDownload)) =>
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

    private static string Advice(string name, string directory, bool inCatalogue, bool autoDownload) =>
        !inCatalogue
            ? $"No checkpoint for '{name}' in '{directory}'. It is not a catalogue model, so it cannot be downloaded: copy its file " +
              $"there as {name}.pth or {name}.safetensors."
            : autoDownload
                ? $"No checkpoint for '{name}' in '{directory}' yet. {RegistryOptions.SectionName}:{nameof(RegistryOptions.AutoDownload)} is on, " +
                  $"so the first request for it downloads the official file; to fetch it ahead, run `resnext download {name} --dir {directory}`."
                : $"No checkpoint for '{name}' in '{directory}'. Download it with `resnext download {name} --dir {directory}`, " +
                  $"copy it there as {name}.pth, {name}.safetensors or the official file name, or set " +
                  $"{RegistryOptions.SectionName}__{nameof(RegistryOptions.AutoDownload)}=true to download it on first use.";
}
