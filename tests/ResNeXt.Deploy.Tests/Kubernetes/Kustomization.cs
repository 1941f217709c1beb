using ResNeXt.Deploy.Tests.Yaml;

namespace ResNeXt.Deploy.Tests.Kubernetes;

/// <summary>The resource list of a kustomization.yaml.</summary>
public static class Kustomization
{
    public const string FileName = "kustomization.yaml";

    public static IReadOnlyList<string> Resources(string directory) =>
        [.. YamlFile.LoadMapping(Path.Combine(directory, FileName)).Sequence("resources").Scalars()];
}
