using ResNeXt.Deploy.Tests.Configuration;
using ResNeXt.Deploy.Tests.Kubernetes;
using ResNeXt.Deploy.Tests.Repository;
using ResNeXt.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace ResNeXt.Deploy.Tests.KServe;

/// <summary>deploy/kserve: the service as a KServe custom predictor, held to the same probe and drain rules as deploy/k8s.</summary>
public sealed class InferenceServiceTests
{
    // KServe only injects its storage initializer into, and routes to, the container with this name.
    private const string PredictorContainer = "kserve-container";
    // Where KServe's storage initializer puts the STORAGE_URI content.
    private const string KServeModelDirectory = "/mnt/models";

    private static readonly string ManifestDirectory = RepositoryPaths.Get("deploy", "kserve");

    private static KubernetesObject InferenceService =>
        KubernetesObject.Single(KubernetesObject.LoadDirectory(ManifestDirectory), "InferenceService");

    private static PodSpec Predictor => new(InferenceService.Node.Mapping("spec", "predictor"));

    private static YamlMappingNode Container => Predictor.Container(PredictorContainer);

    private static IReadOnlyDictionary<string, string> Settings => PodSpec.Settings(Container, configMap: null);

    [Fact]
    public void InferenceServiceIsAServingV1beta1Object()
    {
        Assert.Equal("serving.kserve.io/v1beta1", InferenceService.ApiVersion);
        Assert.False(string.IsNullOrEmpty(InferenceService.Name));
        Assert.False(string.IsNullOrEmpty(Container.ScalarOrNull("image")));
    }

    [Fact]
    public void KustomizationListsTheInferenceService()
    {
        var listed = Kustomization.Resources(ManifestDirectory);

        Assert.All(listed, r => Assert.True(File.Exists(Path.Combine(ManifestDirectory, r)), $"kustomization lists missing {r}"));
        Assert.Contains(Path.GetFileName(InferenceService.File), listed);
    }

    [Fact]
    public void ProbesAskLivenessAndReadinessOnTheirOwnEndpoints()
    {
        Assert.Equal("/healthz/live", PodSpec.ProbePath(Container, "livenessProbe"));
        Assert.Equal("/healthz/ready", PodSpec.ProbePath(Container, "readinessProbe"));
        Assert.Equal("/healthz/live", PodSpec.ProbePath(Container, "startupProbe"));
        Assert.All(["livenessProbe", "readinessProbe", "startupProbe"],
            probe => Assert.True(PodSpec.DeclaresPort(Container, PodSpec.ProbePort(Container, probe)), $"{probe} port is not a container port"));
    }

    [Fact]
    public void PredictorsSpeakV2AndTheGrpcVariantRoutesItsH2cPort()
    {
        var grpcDirectory = Path.Combine(ManifestDirectory, "grpc");
        var grpcService = KubernetesObject.Single(KubernetesObject.LoadDirectory(grpcDirectory), "InferenceService");
        var grpcContainer = new PodSpec(grpcService.Node.Mapping("spec", "predictor")).Container(PredictorContainer);
        var grpcSettings = PodSpec.Settings(grpcContainer, configMap: null);
        var routed = grpcContainer.Sequence("ports").Mappings().Single();

        Assert.Equal("v2", Settings["PROTOCOL"]);
        Assert.Equal("v2", grpcSettings["PROTOCOL"]);
        Assert.Equal("h2c", routed.Scalar("name"));
        Assert.Equal(SettingValues.UrlPort(grpcSettings[ConfigurationKeys.GrpcUrl]).ToString(System.Globalization.CultureInfo.InvariantCulture), routed.Scalar("containerPort"));
        Assert.NotEqual(InferenceService.Name, grpcService.Name);
        Assert.Contains(Path.GetFileName(grpcService.File), Kustomization.Resources(grpcDirectory));
        Assert.All(grpcContainer.Children.Keys.Select(k => k.ToString()).Where(k => k.EndsWith("Probe", StringComparison.Ordinal)),
            probe => Assert.Equal(PodSpec.ProbePath(Container, probe), PodSpec.ProbePath(grpcContainer, probe)));
        Assert.All(grpcSettings.Keys, key => Assert.True(ConfigurationKeys.IsKnown(key), $"unknown setting {key}"));
    }

    [Fact]
    public void ServiceReadsModelsWhereTheStorageInitializerPutsThem()
    {
        Assert.Equal(KServeModelDirectory, Settings[ConfigurationKeys.ModelsDirectory]);
        Assert.False(string.IsNullOrEmpty(Settings.GetValueOrDefault("STORAGE_URI")));
    }

    [Fact]
    public void ContainerSetsOnlyKnownConfigurationKeys()
    {
        Assert.All(Settings.Keys, key => Assert.True(ConfigurationKeys.IsKnown(key), $"unknown setting {key}"));
    }

    [Fact]
    public void TerminationGraceCoversPreStopAndTheServiceDrain()
    {
        var budget = PodSpec.ShutdownBudget(Container, Settings);

        Assert.True(TimeSpan.FromSeconds(Predictor.TerminationGracePeriodSeconds) > budget);
    }

    [Fact]
    public void LibTorchThreadsEqualTheCpuLimit()
    {
        Assert.Equal(Settings[ConfigurationKeys.IntraOpThreads], Container.Scalar("resources", "limits", "cpu"));
    }
}
