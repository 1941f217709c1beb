using System.Globalization;
using System.Text.RegularExpressions;
using ResNeXt.Deploy.Tests.Compose;
using ResNeXt.Deploy.Tests.Configuration;

namespace ResNeXt.Deploy.Tests.Nginx;

/// <summary>deploy/nginx: nginx accepts it (nginx -t, Debian's 1.22) and it balances, checks and retries as documented.</summary>
public sealed class NginxConfigTests
{
    private const int ReplicaCount = 2;
    private const long BytesPerMebibyte = 1024 * 1024;
    private const string RetryableFailures = "error timeout http_502 http_503 http_504";
    private const string NonIdempotent = "non_idempotent";

    private static readonly NginxDirective Config = NginxConfig.Load(NginxTestConfiguration.RepositoryConfigPath);
    private static readonly NginxDirective ComposeUpstream =
        NginxConfig.Load(Path.Combine(NginxTestConfiguration.ComposeIncludeDirectory, NginxTestConfiguration.UpstreamServersFile));

    private static NginxDirective Upstream => Config.Single("upstream");

    private static IEnumerable<NginxDirective> Locations => Config.Single("server").Descendants("location");

    private static NginxDirective PureRequestLocation =>
        Assert.Single(Locations, l => l.Descendants("proxy_next_upstream").Any(d => d.Arguments.Contains(NonIdempotent)));

    [Fact]
    public async Task RepositoryConfigPassesNginxTestWithLocalReplicas()
    {
        NginxBinary.Require();
        using var configuration = NginxTestConfiguration.Create(LoopbackPorts.Free(), Enumerable.Range(0, ReplicaCount).Select(_ => LoopbackPorts.Free()));

        var (exitCode, output) = await NginxBinary.RunAsync(["-t", .. configuration.Arguments], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("test is successful", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeUpstreamIsValidApartFromRuntimeResolution()
    {
        NginxBinary.Require();
        // nginx 1.22 knows neither `resolve` nor `resolver` inside upstream (both nginx >= 1.27.3) and cannot resolve
        // the compose service name here; everything else of the compose file must be accepted as written.
        var servers = ComposeUpstream.Children
            .Where(d => d.Name == "server")
            .Select(d => "server " + string.Join(' ', d.Arguments.Where(a => a != "resolve").Select(LocalAddress)) + ";");
        using var configuration = NginxTestConfiguration.CreateWithIncludes($"listen 127.0.0.1:{LoopbackPorts.Free()};", string.Join('\n', servers));

        var (exitCode, output) = await NginxBinary.RunAsync(["-t", .. configuration.Arguments], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void UpstreamBalancesByLeastConnectionsBeforeKeepalive()
    {
        var names = Upstream.Children.Select(d => d.Name).ToList();

        Assert.Contains("least_conn", names);
        Assert.True(names.IndexOf("least_conn") < names.IndexOf("keepalive"), "nginx requires the balancing method before keepalive");
        Assert.Contains(Upstream.Children, d => d.Name == "zone");
    }

    [Fact]
    public void ReplicaListIsIncludedNotWrittenIntoTheSharedConfig()
    {
        var include = Assert.Single(Upstream.Children, d => d.Name == "include");

        Assert.Equal($"{NginxTestConfiguration.IncludeDirectory}/{NginxTestConfiguration.UpstreamServersFile}", include.Arguments.Single());
        Assert.DoesNotContain(Upstream.Children, d => d.Name == "server");
        Assert.Equal($"{NginxTestConfiguration.IncludeDirectory}/{NginxTestConfiguration.ListenFile}", Config.Single("server").Children.Single(d => d.Name == "include").Arguments.Single());
    }

    [Fact]
    public void ComposeReplicasHavePassiveHealthChecks()
    {
        var parameters = NginxTestConfiguration.ComposeServerParameters();

        Assert.Contains(parameters, p => p.StartsWith("max_fails=", StringComparison.Ordinal));
        Assert.Contains(parameters, p => p.StartsWith("fail_timeout=", StringComparison.Ordinal));
    }

    [Fact]
    public void ComposeUpstreamReachesEveryApiReplicaOnItsPort()
    {
        var server = ComposeUpstream.Children.Single(d => d.Name == "server");
        var apiPort = SettingValues.UrlPort(ComposeFile.ApiEnvironment[ConfigurationKeys.Urls]);

        Assert.Equal($"{ComposeFile.ApiService}:{apiPort.ToString(CultureInfo.InvariantCulture)}", server.Arguments[0]);
        Assert.Contains("resolve", server.Arguments);
        Assert.Equal("127.0.0.11", ComposeUpstream.Children.Single(d => d.Name == "resolver").Arguments[0]);
    }

    [Fact]
    public void BodyLimitEqualsTheServiceRequestLimit()
    {
        var limit = Config.Single("client_max_body_size").Arguments.Single();
        var serviceLimit = long.Parse(ComposeFile.ApiEnvironment[ConfigurationKeys.MaxRequestBytes], CultureInfo.InvariantCulture);

        Assert.Equal("20m", limit);
        Assert.Equal(serviceLimit, long.Parse(limit.TrimEnd('m'), CultureInfo.InvariantCulture) * BytesPerMebibyte);
    }

    [Fact]
    public void RequestBodiesAreBufferedSoTheyCanBeResent()
    {
        Assert.All(Config.Descendants("proxy_request_buffering"), d => Assert.Equal("on", d.Arguments.Single()));
    }

    [Fact]
    public void OnlyPredictAndFeaturesRetryPostsOnTheNextReplica()
    {
        var retry = PureRequestLocation.Single("proxy_next_upstream").Arguments;

        Assert.Equal($"{RetryableFailures} {NonIdempotent}", string.Join(' ', retry));
        Assert.All(Locations.Where(l => l != PureRequestLocation).SelectMany(l => l.Descendants("proxy_next_upstream")),
            d => Assert.DoesNotContain(NonIdempotent, d.Arguments));
    }

    [Fact]
    public void QueueFullAnswersAreNotRetried()
    {
        Assert.All(Config.Descendants("proxy_next_upstream"), d => Assert.DoesNotContain("http_429", d.Arguments));
    }

    [Fact]
    public void RetriesAreBounded()
    {
        var tries = int.Parse(Config.Single("proxy_next_upstream_tries").Arguments.Single(), CultureInfo.InvariantCulture);

        Assert.InRange(tries, 2, ReplicaCount);
    }

    [Theory]
    [InlineData("/v1/models/resnext50-32x4d/predict", true)]
    [InlineData("/v1/models/resnext152-32x4d/predict", true)]
    [InlineData("/features", true)]
    [InlineData("/v1/models", false)]
    [InlineData("/v1/models/resnext50-32x4d/predict/extra", false)]
    [InlineData("/healthz/ready", false)]
    public void PureRequestLocationMatchesExactlyThePureRoutes(string path, bool retriedWhenPost)
    {
        // location ~ uses PCRE; this pattern uses only syntax .NET's Regex reads the same way.
        var pattern = PureRequestLocation.Arguments[^1];

        Assert.Equal("~", PureRequestLocation.Arguments[0]);
        Assert.Equal(retriedWhenPost, Regex.IsMatch(path, pattern));
    }

    private static string LocalAddress(string argument) =>
        argument.StartsWith(ComposeFile.ApiService + ":", StringComparison.Ordinal) ? "127.0.0.1" + argument[ComposeFile.ApiService.Length..] : argument;
}
