using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// The checkpoint a model is started with. Only PyTorch's own format: the baseline loads the same file with torch.load.
/// </summary>
internal static class StartupCheckpoint
{
    /// <summary>
    /// The first that exists of <c>&lt;dir&gt;/&lt;model&gt;/&lt;model&gt;.pth</c> (the reference data's layout),
    /// <c>&lt;dir&gt;/&lt;model&gt;.pth</c> and, for a catalogue model, the official file name (the service's models folder).
    /// </summary>
    /// <exception cref="CheckpointMissingException">None of them exists.</exception>
    public static string Resolve(string directory, string model)
    {
        string[] official = ModelCatalog.TryGet(model, out var entry) ? [Path.Combine(directory, entry.CheckpointFileName)] : [];
        string[] candidates =
        [
            Path.Combine(directory, model, model + CheckpointLocator.PyTorchExtension),
            Path.Combine(directory, model + CheckpointLocator.PyTorchExtension),
            .. official,
        ];
        return Path.GetFullPath(candidates.FirstOrDefault(File.Exists) ?? throw new CheckpointMissingException(model, candidates));
    }
}
