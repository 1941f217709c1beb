using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.Yaml;

/// <summary>Path lookups with messages that name the missing key, so a failing test says what the manifest lacks.</summary>
public static class YamlNodeExtensions
{
    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
                return null;
        }
        return current;
    }

    public static YamlMappingNode Mapping(this YamlNode node, params string[] path) =>
        node.Find(path) as YamlMappingNode ?? throw Missing(node, path, "mapping");

    public static YamlSequenceNode Sequence(this YamlNode node, params string[] path) =>
        node.Find(path) as YamlSequenceNode ?? throw Missing(node, path, "sequence");

    public static string Scalar(this YamlNode node, params string[] path) =>
        node.ScalarOrNull(path) ?? throw Missing(node, path, "scalar");

    public static string? ScalarOrNull(this YamlNode node, params string[] path) => (node.Find(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Mappings(this YamlSequenceNode sequence) => sequence.Children.OfType<YamlMappingNode>();

    public static IEnumerable<string> Scalars(this YamlSequenceNode sequence) =>
        sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty);

    /// <summary>A mapping's keys and scalar values, e.g. a ConfigMap's data or a label set.</summary>
    public static IReadOnlyDictionary<string, string> ToStringDictionary(this YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty,
            pair => (pair.Value as YamlScalarNode)?.Value ?? string.Empty,
            StringComparer.Ordinal);

    private static InvalidDataException Missing(YamlNode node, string[] path, string what) =>
        new($"No {what} at '{string.Join('.', path)}' (in the node starting at {node.Start}).");
}
