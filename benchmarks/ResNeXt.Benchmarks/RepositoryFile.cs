namespace ResNeXt.Benchmarks;

/// <summary>
/// Files of the checkout that contains the current directory. The benchmarks' baselines and the service they start are
/// source files and build outputs of the repository, not shipped with the CLI, so those benchmarks run from a clone.
/// </summary>
internal static class RepositoryFile
{
    /// <summary>The first <paramref name="relativePath"/> found in the current directory or a folder above it, or null.</summary>
    public static string? Find(string relativePath)
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>Like <see cref="Find"/>, but a missing file is an error that says what to do (<paramref name="hint"/>).</summary>
    public static string Require(string relativePath, string hint) =>
        Find(relativePath) ?? throw new FileNotFoundException($"{relativePath} was not found above {Environment.CurrentDirectory}; {hint}");
}
