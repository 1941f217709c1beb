using System.Diagnostics;
using System.Globalization;
using System.Net;
using ResNeXt.Deploy.Tests.Nginx;
using ResNeXt.Resilience.Tests.Infrastructure;

namespace ResNeXt.Resilience.Tests;

/// <summary>SIGTERM on a real instance with requests queued: readiness first, then serving on, then a bounded exit.</summary>
[Collection(ResilienceCollection.Name)]
public sealed class GracefulShutdownTests(ServiceCluster cluster)
{
    private const int Concurrency = 8;
    private const int RequestLimit = 10_000;

    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Load keeps arriving for this long after SIGTERM: well inside the grace period, so all of it must be served.</summary>
    private static readonly TimeSpan LoadAfterSignal = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan LoadBeforeSignal = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task SigtermTurnsReadinessOffServesThroughTheGracePeriodAndExitsWithinTheTimeout()
    {
        var token = TestContext.Current.CancellationToken;
        await cluster.StartedAsync(token);
        var settings = ServiceCluster.Settings(cluster.ModelsDirectory);
        settings["Shutdown__GracePeriod"] = GracePeriod.ToString("c", CultureInfo.InvariantCulture);
        settings["Shutdown__Timeout"] = Timeout.ToString("c", CultureInfo.InvariantCulture);
        await using var instance = new ServiceProcess(LoopbackPorts.Free(), settings);
        await instance.StartAsync(ServiceCluster.StartTimeout, token);
        using var client = new HttpClient { BaseAddress = instance.Address, Timeout = Timeout };
        using var stop = new CancellationTokenSource();
        var load = new LoadGenerator(client, _ => cluster.ProbeRequest(), (_, body) => cluster.IsCorrect(body))
            .RunAsync(Concurrency, RequestLimit, Timeout, stop.Token);
        await Task.Delay(LoadBeforeSignal, token);

        var clock = Stopwatch.StartNew();
        instance.Terminate();
        while (await instance.IsReadyAsync(token) == HttpStatusCode.OK) await Task.Delay(PollInterval, token);
        var readinessOff = clock.Elapsed;
        using var late = cluster.ProbeRequest();
        using var lateResponse = await client.SendAsync(late, token);
        var lateStatus = lateResponse.StatusCode;
        stop.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (LoadAfterSignal - clock.Elapsed).Ticks)));
        var result = await load;
        await instance.WaitForExitAsync(token);
        var exited = clock.Elapsed;

        ResilienceReport.Add("0-graceful-shutdown", new
        {
            grace_period_s = GracePeriod.TotalSeconds,
            timeout_s = Timeout.TotalSeconds,
            readiness_off_after_s = readinessOff.TotalSeconds,
            request_after_readiness_off = (int)lateStatus,
            exited_after_s = exited.TotalSeconds,
            exit_code = instance.ExitCode,
            result,
        });
        Assert.True(readinessOff < GracePeriod, $"readiness turned off after {readinessOff}");
        Assert.Equal(HttpStatusCode.OK, lateStatus);
        Assert.Equal(0, result.Failed);
        Assert.True(exited >= GracePeriod, $"exited after {exited}, before the grace period ended");
        Assert.True(exited < Timeout, $"exited after {exited}");
        Assert.Equal(0, instance.ExitCode);
    }
}
