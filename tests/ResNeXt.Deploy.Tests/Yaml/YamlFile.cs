using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.Yaml;

/// <summary>YAML files as YamlDotNet's representation model: mappings, sequences and scalars, as written.</summary>
public static class YamlFile
{
    /// <summary>Every document of a (possibly multi-document) file; parse errors surface as YamlException.</summary>
    public static IReadOnlyList<YamlNode> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    public static YamlMappingNode LoadMapping(string path) =>
        LoadDocuments(path) is [YamlMappingNode single] ? single : throw new InvalidDataException($"{path}: expected one mapping document.");

    /// <summary>Every YAML file the deployment ships: deploy/** and docker-compose.yml.</summary>
    public static IEnumerable<string> DeploymentFiles(string repositoryRoot) =>
        Directory.EnumerateFiles(Path.Combine(repositoryRoot, "deploy"), "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal))
            .Append(Path.Combine(repositoryRoot, "docker-compose.yml"))
            .Order(StringComparer.Ordinal);
}
