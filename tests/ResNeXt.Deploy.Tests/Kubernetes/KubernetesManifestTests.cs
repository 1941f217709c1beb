using System.Globalization;
using ResNeXt.Deploy.Tests.Configuration;
using ResNeXt.Deploy.Tests.Repository;
using ResNeXt.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.Kubernetes;

/// <summary>
/// Structural checks of deploy/k8s: what a schema validator (kubeconform) would reject plus the cross-object
/// consistency no schema sees (selectors, ports, probe paths, drain timing). kubeconform is not packaged for Debian
/// and nothing may be downloaded, so these checks are written out here.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string ApiContainer = "api";
    private const string LiveEndpoint = "/healthz/live";
    private const string ReadyEndpoint = "/healthz/ready";

    private static readonly string ManifestDirectory = RepositoryPaths.Get("deploy", "k8s");
    private static readonly IReadOnlyList<KubernetesObject> Objects = KubernetesObject.LoadDirectory(ManifestDirectory);

    private static KubernetesObject Deployment => KubernetesObject.Single(Objects, "Deployment");

    private static PodSpec Pod => new(Deployment.Node.Mapping("spec", "template", "spec"));

    private static YamlMappingNode Api => Pod.Container(ApiContainer);

    private static IReadOnlyDictionary<string, string> ConfigMapData =>
        KubernetesObject.Single(Objects, "ConfigMap").Node.Mapping("data").ToStringDictionary();

    private static IReadOnlyDictionary<string, string> PodLabels =>
        Deployment.Node.Mapping("spec", "template", "metadata", "labels").ToStringDictionary();

    [Fact]
    public void EveryObjectHasApiVersionKindAndName()
    {
        Assert.NotEmpty(Objects);
        Assert.All(Objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.ApiVersion), $"{o}: apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Kind), $"{o}: kind");
            Assert.False(string.IsNullOrEmpty(o.Name), $"{o}: metadata.name");
        });
    }

    [Fact]
    public void KustomizationListsExactlyTheManifestsInTheFolder()
    {
        var listed = Kustomization.Resources(ManifestDirectory);
        var present = Objects.Select(o => Path.GetFileName(o.File)).Distinct(StringComparer.Ordinal);

        Assert.All(listed, r => Assert.True(File.Exists(Path.Combine(ManifestDirectory, r)), $"kustomization lists missing {r}"));
        Assert.Equal(present.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeploymentSelectorMatchesItsPodTemplateLabels()
    {
        var selector = Deployment.Node.Mapping("spec", "selector", "matchLabels").ToStringDictionary();

        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Equal(label.Value, PodLabels.GetValueOrDefault(label.Key)));
    }

    [Fact]
    public void EveryContainerNamesAnImage()
    {
        Assert.All(Pod.Containers.Concat(Pod.InitContainers), c => Assert.False(string.IsNullOrEmpty(c.ScalarOrNull("image"))));
    }

    [Fact]
    public void ProbesAskLivenessAndReadinessOnTheirOwnEndpoints()
    {
        Assert.Equal(LiveEndpoint, PodSpec.ProbePath(Api, "livenessProbe"));
        Assert.Equal(ReadyEndpoint, PodSpec.ProbePath(Api, "readinessProbe"));
        // A startup probe on readiness would restart a pod whose model takes long to load.
        Assert.Equal(LiveEndpoint, PodSpec.ProbePath(Api, "startupProbe"));
        Assert.All(["livenessProbe", "readinessProbe", "startupProbe"],
            probe => Assert.True(PodSpec.DeclaresPort(Api, PodSpec.ProbePort(Api, probe)), $"{probe} port is not a container port"));
    }

    [Fact]
    public void ServiceSelectsThePodsAndTargetsTheirHttpPort()
    {
        var service = KubernetesObject.Single(Objects, "Service").Node;
        var selector = service.Mapping("spec", "selector").ToStringDictionary();

        Assert.All(selector, label => Assert.Equal(label.Value, PodLabels.GetValueOrDefault(label.Key)));
        Assert.All(service.Sequence("spec", "ports").Mappings(),
            port => Assert.True(PodSpec.DeclaresPort(Api, port.Scalar("targetPort")), "Service targetPort is not a container port"));
    }

    [Fact]
    public void ServiceRoutesGrpcAsH2cToThePortTheServiceListensOn()
    {
        var service = KubernetesObject.Single(Objects, "Service").Node;
        var grpc = service.Sequence("spec", "ports").Mappings().Single(p => p.ScalarOrNull("appProtocol") == "kubernetes.io/h2c");
        var target = Api.Sequence("ports").Mappings().Single(p => p.Scalar("name") == grpc.Scalar("targetPort"));

        Assert.Equal(SettingValues.UrlPort(ConfigMapData[ConfigurationKeys.GrpcUrl]).ToString(CultureInfo.InvariantCulture), target.Scalar("containerPort"));
    }

    [Fact]
    public void ContainerPortIsTheOneTheServiceListensOn()
    {
        var declared = Api.Sequence("ports").Mappings().Select(p => p.Scalar("containerPort"));

        Assert.Contains(SettingValues.UrlPort(ConfigMapData[ConfigurationKeys.Urls]).ToString(CultureInfo.InvariantCulture), declared);
    }

    [Fact]
    public void DisruptionBudgetSelectsThePods()
    {
        var selector = KubernetesObject.Single(Objects, "PodDisruptionBudget").Node.Mapping("spec", "selector", "matchLabels").ToStringDictionary();

        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Equal(label.Value, PodLabels.GetValueOrDefault(label.Key)));
    }

    [Fact]
    public void AutoscalerScalesTheDeploymentAndKeepsAtLeastTwoReplicas()
    {
        var spec = KubernetesObject.Single(Objects, "HorizontalPodAutoscaler").Node.Mapping("spec");
        var min = int.Parse(spec.Scalar("minReplicas"), CultureInfo.InvariantCulture);

        Assert.Equal("Deployment", spec.Scalar("scaleTargetRef", "kind"));
        Assert.Equal(Deployment.Name, spec.Scalar("scaleTargetRef", "name"));
        Assert.True(min >= 2, "one replica cannot be drained without an outage");
        Assert.True(int.Parse(spec.Scalar("maxReplicas"), CultureInfo.InvariantCulture) >= min);
        Assert.Contains(spec.Sequence("metrics").Mappings(), m => m.ScalarOrNull("resource", "name") == "cpu");
    }

    [Fact]
    public void PodsNeverDownloadCheckpointsOnTheirOwn() => Assert.Equal("false", ConfigMapData["Models__AutoDownload"]);

    [Fact]
    public void ConfigMapSetsOnlyKnownConfigurationKeys()
    {
        Assert.All(ConfigMapData.Keys, key => Assert.True(ConfigurationKeys.IsKnown(key), $"unknown setting {key}"));
    }

    [Fact]
    public void ContainersSetOnlyKnownConfigurationKeys()
    {
        Assert.All(Pod.Containers.SelectMany(PodSpec.EnvironmentVariableNames),
            key => Assert.True(ConfigurationKeys.IsKnown(key), $"unknown setting {key}"));
    }

    [Fact]
    public void DeploymentLoadsTheConfigMap()
    {
        var configMapName = KubernetesObject.Single(Objects, "ConfigMap").Name;

        Assert.Contains(Api.Sequence("envFrom").Mappings(), source => source.ScalarOrNull("configMapRef", "name") == configMapName);
    }

    [Fact]
    public void TerminationGraceCoversPreStopAndTheServiceDrain()
    {
        var budget = PodSpec.ShutdownBudget(Api, PodSpec.Settings(Api, ConfigMapData));

        Assert.True(TimeSpan.FromSeconds(Pod.TerminationGracePeriodSeconds) > budget,
            $"terminationGracePeriodSeconds {Pod.TerminationGracePeriodSeconds} s does not exceed preStop + drain ({budget})");
    }

    [Fact]
    public void LibTorchThreadsEqualTheCpuLimit()
    {
        var threads = int.Parse(ConfigMapData[ConfigurationKeys.IntraOpThreads], CultureInfo.InvariantCulture);

        Assert.Equal(threads.ToString(CultureInfo.InvariantCulture), Api.Scalar("resources", "limits", "cpu"));
        Assert.Equal(Api.Scalar("resources", "limits", "cpu"), Api.Scalar("resources", "requests", "cpu"));
    }

    [Fact]
    public void ServiceReadsModelsReadOnlyFromTheConfiguredDirectory()
    {
        var mount = PodSpec.VolumeMount(Api, ConfigMapData[ConfigurationKeys.ModelsDirectory]);

        Assert.Equal("true", mount.Scalar("readOnly"));
    }

    [Fact]
    public void InitContainerDownloadsTheDefaultModelIntoTheSameVolume()
    {
        var init = Assert.Single(Pod.InitContainers);
        var command = init.Sequence("command").Scalars().ToArray();
        var directory = ConfigMapData[ConfigurationKeys.ModelsDirectory];
        var modelVariable = Assert.Single(init.Sequence("env").Mappings());

        Assert.Equal(new[] { "resnext", "download" }, command[..2]);
        Assert.Equal(directory, command[Array.IndexOf(command, "--dir") + 1]);
        Assert.Contains($"$({modelVariable.Scalar("name")})", command);
        Assert.Equal(ConfigurationKeys.DefaultModel, modelVariable.Scalar("valueFrom", "configMapKeyRef", "key"));
        Assert.Equal(PodSpec.VolumeMount(Api, directory).Scalar("name"), PodSpec.VolumeMount(init, directory).Scalar("name"));
    }

    [Fact]
    public void ContainersRunNonRootOnAReadOnlyRootFilesystem()
    {
        Assert.Equal("true", Pod.Node.Scalar("securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", Pod.Node.Scalar("securityContext", "runAsUser"));
        Assert.All(Pod.Containers.Concat(Pod.InitContainers), c =>
        {
            Assert.Equal("true", c.Scalar("securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("false", c.Scalar("securityContext", "allowPrivilegeEscalation"));
        });
    }
}
