using ResNeXt.Deploy.Tests.Repository;
using ResNeXt.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.Compose;

/// <summary>docker-compose.yml, its services and their settings as compose would resolve them with no variables set.</summary>
public static class ComposeFile
{
    public const string ApiService = "api";
    public const string NginxService = "nginx";

    public static string Path => RepositoryPaths.Get("docker-compose.yml");

    public static YamlMappingNode Root { get; } = YamlFile.LoadMapping(Path);

    public static YamlMappingNode Service(string name) => Root.Mapping("services", name);

    public static IEnumerable<KeyValuePair<string, YamlMappingNode>> Services =>
        Root.Mapping("services").Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, (YamlMappingNode)pair.Value));

    public static IReadOnlyDictionary<string, string> ApiEnvironment =>
        Service(ApiService).Mapping("environment").ToStringDictionary();

    /// <summary>The short-syntax volume entries (<c>source:target[:mode]</c>) of a service.</summary>
    public static IEnumerable<ComposeVolume> Volumes(string service) =>
        Service(service).Find("volumes") is YamlSequenceNode volumes ? volumes.Scalars().Select(ComposeVolume.Parse) : [];

    public static IReadOnlyList<string> Profiles(YamlMappingNode service) =>
        service.Find("profiles") is YamlSequenceNode profiles ? [.. profiles.Scalars()] : [];
}
