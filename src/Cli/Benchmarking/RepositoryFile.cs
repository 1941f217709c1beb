namespace ResNeXt.Cli.Benchmarking;

/// <summary>
/// Files of the checkout that contains the current directory. The baselines are source files and benchmark tools, not
/// shipped with the CLI, so benchmarks comparing against them run from a clone.
/// </summary>
internal static class RepositoryFile
{
    public static string Find(string relativePath, string hint)
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"{relativePath} was not found above {Environment.CurrentDirectory}; {hint}");
    }
}
