using ResNeXt.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.Kubernetes;

/// <summary>One object of a manifest file, with the identity every Kubernetes object must carry.</summary>
public sealed record KubernetesObject(string File, YamlMappingNode Node)
{
    public string? ApiVersion => Node.ScalarOrNull("apiVersion");

    public string? Kind => Node.ScalarOrNull("kind");

    public string? Name => Node.ScalarOrNull("metadata", "name");

    public override string ToString() => $"{Kind}/{Name} ({Path.GetFileName(File)})";

    /// <summary>Every object of every manifest in <paramref name="directory"/>, kustomization files excluded.</summary>
    public static IReadOnlyList<KubernetesObject> LoadDirectory(string directory) =>
    [
        .. Directory.EnumerateFiles(directory, "*.yaml")
            .Where(f => Path.GetFileName(f) != Kustomization.FileName)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlFile.LoadDocuments(f).Select(d => new KubernetesObject(f, (YamlMappingNode)d))),
    ];

    public static KubernetesObject Single(IEnumerable<KubernetesObject> objects, string kind) =>
        Assert.Single(objects, o => o.Kind == kind);
}
