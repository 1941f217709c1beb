using System.Globalization;
using ResNeXt.Deploy.Tests.Configuration;
using ResNeXt.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.Kubernetes;

/// <summary>
/// Questions asked of a pod spec, shared by the Deployment and the KServe predictor (whose spec is a pod spec too).
/// </summary>
public sealed record PodSpec(YamlMappingNode Node)
{
    public IEnumerable<YamlMappingNode> Containers => Node.Sequence("containers").Mappings();

    public IEnumerable<YamlMappingNode> InitContainers =>
        Node.Find("initContainers") is YamlSequenceNode init ? init.Mappings() : [];

    public YamlMappingNode Container(string name) => Assert.Single(Containers, c => c.ScalarOrNull("name") == name);

    public int TerminationGracePeriodSeconds => int.Parse(Node.Scalar("terminationGracePeriodSeconds"), CultureInfo.InvariantCulture);

    /// <summary>Seconds the preStop exec hook sleeps (<c>sleep N</c>).</summary>
    public static int PreStopSleepSeconds(YamlMappingNode container)
    {
        var command = container.Sequence("lifecycle", "preStop", "exec", "command").Scalars().ToArray();
        Assert.Equal("sleep", command[0]);
        return int.Parse(command[1], CultureInfo.InvariantCulture);
    }

    public static string ProbePath(YamlMappingNode container, string probe) => container.Scalar(probe, "httpGet", "path");

    public static string ProbePort(YamlMappingNode container, string probe) => container.Scalar(probe, "httpGet", "port");

    /// <summary>True when <paramref name="port"/> (a name or a number) is one of the container's declared ports.</summary>
    public static bool DeclaresPort(YamlMappingNode container, string port) =>
        container.Sequence("ports").Mappings().Any(p => p.ScalarOrNull("name") == port || p.ScalarOrNull("containerPort") == port);

    /// <summary>The container's settings: plain <c>env</c> values plus, when given, the ConfigMap it loads with envFrom.</summary>
    public static IReadOnlyDictionary<string, string> Settings(YamlMappingNode container, IReadOnlyDictionary<string, string>? configMap)
    {
        var settings = new Dictionary<string, string>(configMap ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (container.Find("env") is YamlSequenceNode env)
        {
            foreach (var variable in env.Mappings())
                settings[variable.Scalar("name")] = variable.ScalarOrNull("value") ?? string.Empty;
        }
        return settings;
    }

    public static IEnumerable<string> EnvironmentVariableNames(YamlMappingNode container) =>
        container.Find("env") is YamlSequenceNode env ? env.Mappings().Select(v => v.Scalar("name")) : [];

    /// <summary>preStop sleep + Shutdown:GracePeriod + Shutdown:Timeout: how long a terminating pod may legitimately take.</summary>
    public static TimeSpan ShutdownBudget(YamlMappingNode container, IReadOnlyDictionary<string, string> settings) =>
        TimeSpan.FromSeconds(PreStopSleepSeconds(container))
        + SettingValues.Duration(settings[ConfigurationKeys.ShutdownGracePeriod])
        + SettingValues.Duration(settings[ConfigurationKeys.ShutdownTimeout]);

    public static YamlMappingNode VolumeMount(YamlMappingNode container, string mountPath) =>
        Assert.Single(container.Sequence("volumeMounts").Mappings(), m => m.ScalarOrNull("mountPath") == mountPath);
}
