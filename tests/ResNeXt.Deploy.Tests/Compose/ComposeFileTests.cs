using System.Globalization;
using ResNeXt.Deploy.Tests.Configuration;
using ResNeXt.Deploy.Tests.Nginx;
using ResNeXt.Deploy.Tests.Repository;
using ResNeXt.Deploy.Tests.Yaml;

namespace ResNeXt.Deploy.Tests.Compose;

/// <summary>docker-compose.yml: replicas behind nginx, models read-only, observability on demand. (`docker compose
/// config` would be the authoritative check; there is no Docker on the test machines.)</summary>
public sealed class ComposeFileTests
{
    private const int DefaultReplicas = 2;
    private const string ObservabilityProfile = "observability";
    private const string NginxConfigTarget = "/etc/nginx/nginx.conf";
    private const string NginxIncludeTarget = "/etc/nginx/" + NginxTestConfiguration.IncludeDirectory;

    private static readonly string RepositoryRoot = RepositoryPaths.Root;

    [Fact]
    public void ApiRunsTwoReplicasByDefault()
    {
        var replicas = SettingValues.ComposeDefault(ComposeFile.Service(ComposeFile.ApiService).Scalar("deploy", "replicas"));

        Assert.Equal(DefaultReplicas, int.Parse(replicas, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NginxMountsTheRepositoryConfigAndTheComposeReplicaList()
    {
        var volumes = ComposeFile.Volumes(ComposeFile.NginxService).ToList();
        var config = Assert.Single(volumes, v => v.Target == NginxConfigTarget);
        var includes = Assert.Single(volumes, v => v.Target == NginxIncludeTarget);

        Assert.Equal(NginxTestConfiguration.RepositoryConfigPath, RepositoryPaths.Resolve(RepositoryRoot, config.Source));
        Assert.Equal(NginxTestConfiguration.ComposeIncludeDirectory, RepositoryPaths.Resolve(RepositoryRoot, includes.Source));
        Assert.All(volumes, v => Assert.True(v.ReadOnly, $"{v.Target} should be read-only"));
        Assert.True(File.Exists(Path.Combine(NginxTestConfiguration.ComposeIncludeDirectory, NginxTestConfiguration.UpstreamServersFile)));
        Assert.True(File.Exists(Path.Combine(NginxTestConfiguration.ComposeIncludeDirectory, NginxTestConfiguration.ListenFile)));
    }

    [Fact]
    public void NginxPublishesThePortItListensOn()
    {
        var listen = NginxConfig.Load(Path.Combine(NginxTestConfiguration.ComposeIncludeDirectory, NginxTestConfiguration.ListenFile)).Single("listen");
        var published = SettingValues.ComposeDefault(Assert.Single(ComposeFile.Service(ComposeFile.NginxService).Sequence("ports").Scalars()));

        Assert.EndsWith(":" + listen.Arguments[0], published, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiReadsModelsFromAReadOnlyVolumeAtTheConfiguredDirectory()
    {
        var models = Assert.Single(ComposeFile.Volumes(ComposeFile.ApiService), v => v.Target == ComposeFile.ApiEnvironment[ConfigurationKeys.ModelsDirectory]);

        Assert.True(models.ReadOnly);
    }

    [Fact]
    public void DownloaderWritesIntoTheVolumeTheReplicasRead()
    {
        var apiModels = Assert.Single(ComposeFile.Volumes(ComposeFile.ApiService), v => v.Target == ComposeFile.ApiEnvironment[ConfigurationKeys.ModelsDirectory]);
        var download = ComposeFile.Service("models-download");
        var command = download.Sequence("command").Scalars().ToArray();

        Assert.Contains(ComposeFile.Volumes("models-download"), v => v.Source == apiModels.Source && v.Target == apiModels.Target && !v.ReadOnly);
        Assert.Equal("download", command[0]);
        Assert.Equal(apiModels.Target, command[Array.IndexOf(command, "--dir") + 1]);
        Assert.NotEmpty(ComposeFile.Profiles(download));
    }

    [Fact]
    public void ApiExposesTheGrpcPortItListensOn()
    {
        var exposed = ComposeFile.Service(ComposeFile.ApiService).Sequence("expose").Scalars();

        Assert.Contains(SettingValues.UrlPort(ComposeFile.ApiEnvironment[ConfigurationKeys.GrpcUrl]).ToString(CultureInfo.InvariantCulture), exposed);
    }

    [Fact]
    public void ApiSetsOnlyKnownConfigurationKeys()
    {
        Assert.All(ComposeFile.ApiEnvironment.Keys, key => Assert.True(ConfigurationKeys.IsKnown(key), $"unknown setting {key}"));
    }

    [Fact]
    public void StopGracePeriodCoversTheServiceDrain()
    {
        var environment = ComposeFile.ApiEnvironment;
        var drain = SettingValues.Duration(environment[ConfigurationKeys.ShutdownGracePeriod]) + SettingValues.Duration(environment[ConfigurationKeys.ShutdownTimeout]);
        var stopGrace = SettingValues.ComposeDuration(ComposeFile.Service(ComposeFile.ApiService).Scalar("stop_grace_period"));

        Assert.True(stopGrace > drain, $"stop_grace_period {stopGrace} does not exceed GracePeriod + Timeout ({drain}): Docker would SIGKILL mid-drain");
    }

    [Fact]
    public void LibTorchThreadsFollowTheCpuLimit()
    {
        var cpus = ComposeFile.Service(ComposeFile.ApiService).Scalar("deploy", "resources", "limits", "cpus");

        Assert.Equal(cpus, ComposeFile.ApiEnvironment[ConfigurationKeys.IntraOpThreads]);
    }

    [Fact]
    public void ObservabilityProfileBringsCollectorPrometheusAndTraceBackend()
    {
        var observability = ComposeFile.Services.Where(s => ComposeFile.Profiles(s.Value).Contains(ObservabilityProfile)).Select(s => s.Key);

        Assert.Equal(["jaeger", "otel-collector", "prometheus"], observability.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryMountedFileExists()
    {
        var bindMounts = ComposeFile.Services.SelectMany(s => ComposeFile.Volumes(s.Key)).Where(v => v.IsBindMount);

        Assert.All(bindMounts, v => Assert.True(Path.Exists(RepositoryPaths.Resolve(RepositoryRoot, v.Source)), $"{v.Source} does not exist"));
    }

    [Fact]
    public void ReplicasExportTracesToTheCollector()
    {
        var endpoint = new Uri(SettingValues.ComposeDefault(ComposeFile.ApiEnvironment["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        var collector = YamlFile.LoadMapping(RepositoryPaths.Get("deploy", "otel", "collector.yaml"));
        var grpc = collector.Scalar("receivers", "otlp", "protocols", "grpc", "endpoint");

        Assert.Contains(ComposeFile.Services, s => s.Key == endpoint.Host);
        Assert.EndsWith(":" + endpoint.Port.ToString(CultureInfo.InvariantCulture), grpc, StringComparison.Ordinal);
    }

    [Fact]
    public void CollectorSendsTracesToTheTraceBackendService()
    {
        var collector = YamlFile.LoadMapping(RepositoryPaths.Get("deploy", "otel", "collector.yaml"));
        var exporter = Assert.Single(collector.Sequence("service", "pipelines", "traces", "exporters").Scalars());
        var host = collector.Scalar("exporters", exporter, "endpoint").Split(':')[0];

        Assert.Contains(ComposeFile.Services, s => s.Key == host && ComposeFile.Profiles(s.Value).Contains(ObservabilityProfile));
    }

    [Fact]
    public void PrometheusScrapesEveryReplicaMetricsEndpoint()
    {
        var prometheus = YamlFile.LoadMapping(RepositoryPaths.Get("deploy", "prometheus", "prometheus.yml"));
        var job = Assert.Single(prometheus.Sequence("scrape_configs").Mappings(), j => j.Scalar("job_name") == "resnext-api");
        var discovery = Assert.Single(job.Sequence("dns_sd_configs").Mappings());
        var apiPort = SettingValues.UrlPort(ComposeFile.ApiEnvironment[ConfigurationKeys.Urls]);

        Assert.Equal("/metrics", job.Scalar("metrics_path"));
        Assert.Equal([ComposeFile.ApiService], discovery.Sequence("names").Scalars());
        Assert.Equal(apiPort.ToString(CultureInfo.InvariantCulture), discovery.Scalar("port"));
    }

    [Fact]
    public void EveryImageIsPinnedToAVersion()
    {
        var images = ComposeFile.Services.Select(s => s.Value.ScalarOrNull("image")).OfType<string>().Select(SettingValues.ComposeDefault);

        Assert.All(images, image =>
        {
            var tag = image[(image.LastIndexOf(':') + 1)..];
            Assert.True(image.Contains(':', StringComparison.Ordinal) && tag != "latest", $"{image} is not pinned");
        });
    }
}
