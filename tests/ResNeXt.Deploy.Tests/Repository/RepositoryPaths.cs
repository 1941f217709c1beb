namespace ResNeXt.Deploy.Tests.Repository;

/// <summary>Files of the checked-out repository, found from the test binary's folder so any working directory works.</summary>
public static class RepositoryPaths
{
    private const string SolutionFileName = "ResNeXt.Service.sln";

    public static string Root { get; } = FindRoot();

    /// <summary>An absolute path from repository-relative segments, e.g. <c>Get("deploy", "k8s")</c>.</summary>
    public static string Get(params string[] segments) => Path.Combine([Root, .. segments]);

    /// <summary>A path as written in compose files and kustomizations (relative to <paramref name="baseDirectory"/>).</summary>
    public static string Resolve(string baseDirectory, string relativePath) =>
        Path.GetFullPath(Path.Combine(baseDirectory, relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    }
}
