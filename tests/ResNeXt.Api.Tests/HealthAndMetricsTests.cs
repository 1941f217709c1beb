using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResNeXt.Api.Tests.RealEngine;
using ResNeXt.Api.Tests.Infrastructure;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Tests;

public sealed class HealthAndMetricsTests : IAsyncLifetime
{
    private const int MetricsPolls = 50;

    private readonly ApiFactory factory = new();

    [Fact]
    public async Task LiveAndReadyAreHealthyWhenModelsAreReady()
    {
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/healthz/live", TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LivenessIgnoresModelsThatAreStillLoading()
    {
        factory.Registry.IsReady = false;
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/healthz/live", TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Each probe of an instance still loading was logged as an error ("fail:") by the health check library.</summary>
    [Fact]
    public async Task AnUnreadyProbeIsNotLoggedAsAFailure()
    {
        factory.Registry.IsReady = false;
        using var logs = new RecordingLoggerProvider(LogLevel.Warning);
        using var client = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();

        using var ready = await client.GetAsync("/healthz/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains("HealthCheck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoppingTheHostDrainsTheRegistry()
    {
        using var client = factory.CreateClient();

        await factory.Services.GetRequiredService<IHost>().StopAsync(TestContext.Current.CancellationToken);

        Assert.True(factory.Registry.Drained);
        Assert.False(factory.Registry.IsReady);
    }

    [Fact]
    public async Task MetricsExposePrometheusTextWithHttpServerMetrics()
    {
        using var client = factory.CreateClient();
        using var predict = await client.PostAsync($"/v1/models/{ModelCatalog.DefaultModel}/predict", TestUploads.Raw(TestImages.Png(8)),
            TestContext.Current.CancellationToken);

        // The request duration is recorded as the request ends, which can be just after the client has the response.
        var text = "";
        for (var poll = 0; poll < MetricsPolls && !text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal); poll++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
            using var metrics = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType);
            text = await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("/v1/models/{model}/predict", text);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
