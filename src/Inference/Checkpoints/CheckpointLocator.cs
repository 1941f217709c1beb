using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// Finds a model's weights in a checkpoint folder, for the CLI and the service alike, so both accept the same files.
/// </summary>
public static class CheckpointLocator
{
    public const string SafetensorsExtension = ".safetensors";
    public const string PyTorchExtension = ".pth";

    /// <summary>The extensions a checkpoint file may have, preferred first.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [SafetensorsExtension, PyTorchExtension];

    /// <summary>
    /// Where a checkpoint for <paramref name="entry"/> may be, best first: a file named after the model, safetensors
    /// before pickle (it loads without unpickling and cannot run code), then the official download's file name.
    /// </summary>
    public static IReadOnlyList<string> Candidates(ModelCatalogEntry entry, string directory)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return [.. NamedFiles(entry.Name, directory), Path.Combine(directory, entry.CheckpointFileName)];
    }

    /// <summary>A checkpoint named after <paramref name="name"/> in <paramref name="directory"/>, safetensors first; null when none is there.</summary>
    public static string? FindNamed(string name, string directory) => NamedFiles(name, directory).FirstOrDefault(File.Exists);

    /// <summary><paramref name="path"/>, which the user named for the model <paramref name="name"/>.</summary>
    /// <exception cref="CheckpointMissingException">The file does not exist.</exception>
    public static string Existing(string path, string name) =>
        File.Exists(path) ? path : throw new CheckpointMissingException(name, [path]);

    private static IEnumerable<string> NamedFiles(string name, string directory) =>
        Extensions.Select(extension => Path.Combine(directory, name + extension));

    /// <summary>The first existing candidate, or null.</summary>
    public static string? Find(ModelCatalogEntry entry, string directory) =>
        Candidates(entry, directory).FirstOrDefault(File.Exists);

    /// <summary>
    /// The checkpoint to load: <paramref name="explicitPath"/> when given, else the first candidate in
    /// <paramref name="directory"/>.
    /// </summary>
    /// <exception cref="CheckpointMissingException">The file does not exist.</exception>
    public static string Resolve(ModelCatalogEntry entry, string? explicitPath, string directory)
    {
        if (explicitPath is not null)
            return Existing(explicitPath, entry.Name);
        var candidates = Candidates(entry, directory);
        return candidates.FirstOrDefault(File.Exists) ?? throw new CheckpointMissingException(entry.Name, candidates);
    }
}
