using System.Security.Cryptography;
using ResNeXt.Resilience.Tests.Infrastructure;

namespace ResNeXt.Resilience.Tests;

/// <summary>Issue 4's scenarios against two real instances behind the compose nginx configuration.</summary>
[Collection(ResilienceCollection.Name)]
public sealed class ClusterScenarioTests(ServiceCluster cluster)
{
    private const int Concurrency = 8;
    private const int SoakConcurrency = 16;
    private const int SpreadRequests = 400;
    private const int SoakRequests = 10_000;
    private const int SoakWarmUpRequests = 1_000;
    private const int DisruptionRequestLimit = 100_000;

    /// <summary>A share below this means one instance got (almost) nothing: least_conn with two idle peers splits ~evenly.</summary>
    private const double MinimumShare = 0.2;

    /// <summary>The thread pool's hill climbing may add a few workers; a per-request leak would add thousands.</summary>
    private const int AllowedThreadGrowth = 8;

    /// <summary>Allocator arenas settle after warm-up; a per-request leak of even 1 KiB would exceed this over 10,000 requests.</summary>
    private const long AllowedRssGrowthBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan ScenarioTimeLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SoakTimeLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan LoadBeforeDisruption = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LoadAfterDisruption = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoadIsSpreadAcrossBothInstances()
    {
        await cluster.StartedAsync(Token);
        using var client = cluster.CreateNginxClient();
        var before = await Task.WhenAll(cluster.Instances.Select(i => RequestCountAsync(i)));

        var result = await Load(client).RunAsync(Concurrency, SpreadRequests, ScenarioTimeLimit, Token);

        var after = await Task.WhenAll(cluster.Instances.Select(i => RequestCountAsync(i)));
        var served = after.Zip(before, (a, b) => (a - b) / ServiceCluster.ProbeCopies).ToArray();
        Report("1-load-spread", result, new { served_per_instance = served });
        Assert.Equal(0, result.Failed);
        Assert.All(served, count => Assert.True(count >= MinimumShare * SpreadRequests, $"instance served {count} of {SpreadRequests}"));
    }

    [Fact]
    public async Task KillingAnInstanceUnderLoadLosesNoRetryableRequest()
    {
        await cluster.StartedAsync(Token);
        using var client = cluster.CreateNginxClient();

        var result = await UnderLoad(client, async stop =>
        {
            cluster.Instances[0].Kill();
            await cluster.Instances[0].WaitForExitAsync(Token);
            await Task.Delay(LoadAfterDisruption, Token);
        });
        await cluster.RestartAsync(0, Token);

        Report("2-sigkill-one-instance", result);
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public async Task RollingRestartUnderLoadFailsNoRequest()
    {
        await cluster.StartedAsync(Token);
        using var client = cluster.CreateNginxClient();
        var exitCodes = new List<int>();

        var result = await UnderLoad(client, async stop =>
        {
            for (var i = 0; i < cluster.Instances.Count; i++)
            {
                cluster.Instances[i].Terminate();
                await cluster.Instances[i].WaitForExitAsync(Token);
                exitCodes.Add(cluster.Instances[i].ExitCode);
                await cluster.RestartAsync(i, Token);
            }
        });

        Report("3-rolling-restart", result, new { exit_codes = exitCodes });
        Assert.Equal(0, result.Failed);
        Assert.All(exitCodes, code => Assert.Equal(0, code));
    }

    [Fact]
    public async Task HotReloadUnderLoadNeverMixesWeightsAndACorruptFileKeepsTheOldModel()
    {
        await cluster.StartedAsync(Token);
        using var client = cluster.CreateNginxClient();
        var original = await File.ReadAllBytesAsync(cluster.CheckpointPath, Token);
        var version2 = await File.ReadAllBytesAsync(ResilienceFiles.TinyVersion2Checkpoint(), Token);
        var version2Sha = Convert.ToHexStringLower(SHA256.HashData(version2));
        var version1Answer = cluster.ExpectedAnswers.Values.Single();
        string? corruptReason = null;

        try
        {
            // Judged after the load: version 2's answer is only known once an instance serves it, and some load
            // responses come from it before the probe below has learnt it.
            var bodies = new System.Collections.Concurrent.ConcurrentBag<string>();
            var result = await UnderLoad(client, (_, body) => { bodies.Add(body); return true; }, async stop =>
            {
                await ReplaceCheckpointAsync(version2);
                var answers = await Task.WhenAll(cluster.Instances.Select(i => WaitForShaAsync(i, version2Sha)));
                Assert.All(answers, a => Assert.NotEqual(version1Answer, a.Images[0]));

                await ReplaceCheckpointAsync([.. version2.Take(version2.Length / 2)]);
                corruptReason = await WaitForReloadFailureAsync(cluster.Instances[0]);
            });

            var afterCorrupt = await cluster.LearnAnswerAsync(cluster.Instances[1], Token);
            var mixedOrWrong = bodies.Count(body => !cluster.IsCorrect(body));
            Report("4-hot-reload", result, new { mixed_or_wrong = mixedOrWrong, answers_seen = cluster.ExpectedAnswers.Count, corrupt_replacement_reason = corruptReason });
            Assert.Equal(0, result.Failed);
            Assert.Equal(0, mixedOrWrong);
            Assert.Equal(version2Sha, afterCorrupt.Sha256);
            Assert.NotNull(corruptReason);
        }
        finally
        {
            await ReplaceCheckpointAsync(original);
            var originalSha = Convert.ToHexStringLower(SHA256.HashData(original));
            await Task.WhenAll(cluster.Instances.Select(i => WaitForShaAsync(i, originalSha)));
        }
    }

    [Fact]
    public async Task SoakKeepsMemoryTensorsAndThreadsFlat()
    {
        await cluster.StartedAsync(Token);
        using var client = cluster.CreateNginxClient();
        await Load(client).RunAsync(SoakConcurrency, SoakWarmUpRequests, ScenarioTimeLimit, Token);
        await Task.Delay(SettleTime, Token);
        var start = await SnapshotAsync();

        var result = await new LoadGenerator(client, _ => ServiceCluster.PredictRequest(cluster.Probe, copies: 1), (_, body) => cluster.IsCorrect(body))
            .RunAsync(SoakConcurrency, SoakRequests, SoakTimeLimit, Token);
        await Task.Delay(SettleTime, Token);
        var end = await SnapshotAsync();

        Report("5-soak", result, new { start, end });
        Assert.Equal(SoakRequests, result.Sent);
        Assert.Equal(0, result.Failed);
        for (var i = 0; i < start.Length; i++)
        {
            Assert.True(end[i].Tensors <= start[i].Tensors, $"live tensors {start[i].Tensors} -> {end[i].Tensors}");
            Assert.True(end[i].Threads <= start[i].Threads + AllowedThreadGrowth, $"threads {start[i].Threads} -> {end[i].Threads}");
            Assert.True(end[i].RssBytes <= start[i].RssBytes + AllowedRssGrowthBytes, $"RSS {start[i].RssBytes} -> {end[i].RssBytes}");
        }
    }

    private LoadGenerator Load(HttpClient client) => new(client, _ => cluster.ProbeRequest(), (_, body) => cluster.IsCorrect(body));

    /// <summary>Steady load starts, the disruption runs, and the load goes on a little longer so recovery is measured too.</summary>
    private Task<LoadResult> UnderLoad(HttpClient client, Func<CancellationToken, Task> disruption) =>
        UnderLoad(client, (_, body) => cluster.IsCorrect(body), disruption);

    private async Task<LoadResult> UnderLoad(HttpClient client, Func<int, string, bool> isCorrect, Func<CancellationToken, Task> disruption)
    {
        using var stop = new CancellationTokenSource();
        var load = new LoadGenerator(client, _ => cluster.ProbeRequest(), isCorrect).RunAsync(Concurrency, DisruptionRequestLimit, ScenarioTimeLimit, stop.Token);
        await Task.Delay(LoadBeforeDisruption, Token);
        try
        {
            await disruption(stop.Token);
            await Task.Delay(LoadAfterDisruption, Token);
        }
        finally
        {
            await stop.CancelAsync();
        }
        return await load;
    }

    /// <summary>Write beside, then rename: the watcher sees one complete file, as a deployment tool would produce it.</summary>
    private async Task ReplaceCheckpointAsync(byte[] bytes)
    {
        var staging = Path.Combine(cluster.ModelsDirectory, ".staging.tmp");
        await File.WriteAllBytesAsync(staging, bytes, Token);
        File.Move(staging, cluster.CheckpointPath, overwrite: true);
    }

    private async Task<ProbeAnswer> WaitForShaAsync(ServiceProcess instance, string sha)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ReloadTimeout)
        {
            var answer = await cluster.LearnAnswerAsync(instance, Token);
            if (answer.Sha256 == sha) return answer;
            await Task.Delay(PollInterval, Token);
        }
        throw new TimeoutException($"{instance.Address} did not serve checkpoint {sha} within {ReloadTimeout}.");
    }

    private async Task<string> WaitForReloadFailureAsync(ServiceProcess instance)
    {
        using var client = new HttpClient { BaseAddress = instance.Address };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ReloadTimeout)
        {
            using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/v1/models/{ResilienceFiles.ModelName}", Token));
            if (document.RootElement.GetProperty("reason").GetString() is { } reason) return reason;
            await Task.Delay(PollInterval, Token);
        }
        throw new TimeoutException($"{instance.Address} reported no reload failure within {ReloadTimeout}.");
    }

    private static async Task<double> RequestCountAsync(ServiceProcess instance) =>
        await instance.MetricAsync("resnext_batch_size_sum", Token) ?? 0;

    private async Task<InstanceSnapshot[]> SnapshotAsync() =>
        await Task.WhenAll(cluster.Instances.Select(async i =>
        {
            var sample = i.Sample();
            return new InstanceSnapshot(sample.RssBytes, sample.Threads, (long)(await i.MetricAsync("resnext_tensors_live", Token) ?? -1));
        }));

    private static void Report(string scenario, LoadResult result, object? extra = null) =>
        ResilienceReport.Add(scenario, new { result, result.Failed, result.ServerErrors, extra });
}
