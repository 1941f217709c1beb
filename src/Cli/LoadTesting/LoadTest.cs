using System.Globalization;
using ResNeXt.Cli.Benchmarking;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// MLPerf-style load test of a running service: the offline sweep over concurrencies, then for the server scenario a
/// p99-bounded bisection over Poisson arrival rates and one run at a fixed fraction of the offline maximum.
/// </summary>
internal static class LoadTest
{
    /// <summary>Issue 5: p99 at 70% of the offline maximum within 3x the batch-1 latency; also the default search bound.</summary>
    public const double LatencyMultiple = 3;

    /// <summary>Issue 5: the service's offline throughput at least 0.9x the engine's at the same batch size.</summary>
    public const double EngineThroughputTarget = 0.9;

    public const double DefaultLoadFraction = 0.7;

    private const int CalibrationConcurrency = 1;

    public static async Task<LoadTestReport> RunAsync(
        LoadTestSettings settings, ServiceTarget target, TextWriter progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = MachineInfo.Current();
        var service = await target.ModelStatusAsync(cancellationToken);
        progress.WriteLine(Invariant($"{target.PredictUri}: model state {service.State ?? "unknown"}, max batch {service.Batching?.MaxBatchSize.ToString(CultureInfo.InvariantCulture) ?? "unknown"}; {target.ImageBytes} bytes as {target.ContentType}"));
        var engineReference = settings.EngineJsonPath is { } engineJson
            ? EngineReference.Read(engineJson, settings.EngineBatch ?? service.Batching?.MaxBatchSize
                ?? throw new LoadTestException("the service did not report its batch size; pass --engine-batch."))
            : null;
        var driver = new LoadDriver(target, settings);

        var offline = new List<LoadPoint>();
        foreach (var concurrency in OfflineConcurrencies(settings))
        {
            var point = await driver.OfflineAsync(concurrency, cancellationToken);
            offline.Add(point);
            progress.WriteLine(Invariant($"offline concurrency {concurrency,3}: {Describe(point)}"));
        }
        var offlineMax = offline.Max(p => p.ImagesPerSecond);
        var calibration = offline.FirstOrDefault(p => p.Concurrency == CalibrationConcurrency);
        var batch1 = calibration?.LatencyMs?.P50;

        ServerScenarioResult? server = null;
        if (settings.Scenario == LoadScenario.Server)
            server = await ServerAsync(settings, driver, offlineMax, batch1, calibration?.MeanPassMs, FastestImageMs(offline), progress, cancellationToken);

        var engine = engineReference is null ? null : new EngineComparison(engineReference, offlineMax, EngineThroughputTarget);
        return new LoadTestReport(settings, target.ContentType, target.ImageBytes, service, startedAt, machine, MachineInfo.CurrentLoadAverage(),
            offline, offlineMax, batch1, server, engine);
    }

    /// <summary>The server scenario needs the batch-1 latency, so concurrency 1 is measured first even when not asked for.</summary>
    private static IEnumerable<int> OfflineConcurrencies(LoadTestSettings settings) =>
        settings.Scenario == LoadScenario.Server && !settings.Concurrency.Contains(CalibrationConcurrency)
            ? [CalibrationConcurrency, .. settings.Concurrency]
            : settings.Concurrency;

    private static async Task<ServerScenarioResult> ServerAsync(
        LoadTestSettings settings, LoadDriver driver, double offlineMax, double? batch1, double? batch1PassMs, double? imageMs,
        TextWriter progress, CancellationToken cancellationToken)
    {
        if (batch1 is not { } batchOneLatency)
            throw new LoadTestException("no request was answered at concurrency 1, so there is no batch-1 latency to bound the server scenario by.");
        if (offlineMax <= 0)
            throw new LoadTestException("the offline sweep answered nothing, so there is no rate to search below.");
        var target = LatencyMultiple * batchOneLatency;
        var bound = settings.P99BoundMs ?? target;
        var source = settings.P99BoundMs is null ? Invariant($"{LatencyMultiple}x concurrency-1 median latency") : "--p99-ms";
        progress.WriteLine(Invariant($"server: p99 bound {bound:F1} ms ({source}); searching 0-{offlineMax:F2} img/s in {settings.SearchSteps} steps"));

        var search = await RateSearch.FindAsync(offlineMax, settings.SearchSteps,
            async rate =>
            {
                var point = await driver.ServerAsync(rate, cancellationToken);
                progress.WriteLine(Invariant($"server rate {rate,8:F2}/s: {Describe(point)}"));
                return point;
            },
            point => point.LatencyMs is { } latency && latency.P99 <= bound && point.Errors.Total == 0);

        var fractionRate = settings.LoadFraction * offlineMax;
        var atFraction = await driver.ServerAsync(fractionRate, cancellationToken);
        progress.WriteLine(Invariant($"server at {settings.LoadFraction * 100:F0}% of offline max ({fractionRate:F2}/s): {Describe(atFraction)}"));
        var ideal = IdealFifoP99Ms(LoadDriver.ServerArrivals(settings, fractionRate), batchOneLatency, batch1PassMs, imageMs);
        return new ServerScenarioResult(bound, source, offlineMax, search.Steps, search.HighestRateMeetingBound, settings.LoadFraction, atFraction, target,
            batch1PassMs, imageMs, ideal);
    }

    /// <summary>The least compute per image the sweep saw (a pass over its images, at the point that batched best); null without pass metrics.</summary>
    internal static double? FastestImageMs(IEnumerable<LoadPoint> offline) =>
        offline.Where(p => p is { MeanPassMs: > 0, MeanBatchSize: > 0 }).Select(p => p.MeanPassMs!.Value / p.MeanBatchSize!.Value)
            .Cast<double?>().Min();

    /// <summary>
    /// What queueing alone costs for <paramref name="arrivals"/> (the schedule the point sent): the p99 of an ideal FIFO
    /// server computing each image in <paramref name="imageMs"/>, plus the part of the batch-1 latency that is not the
    /// pass (decoding, HTTP), paid once per request.
    /// </summary>
    internal static double? IdealFifoP99Ms(IReadOnlyList<double> arrivals, double batch1LatencyMs, double? batch1PassMs, double? imageMs)
    {
        if (batch1PassMs is not { } passMs || imageMs is not (> 0 and var computeMs) || arrivals.Count == 0)
            return null;
        return Percentile.NearestRank(IdealFifoQueue.Sojourns(arrivals, computeMs), Percentile.Tail) + Math.Max(0, batch1LatencyMs - passMs);
    }

    /// <summary>The one wording of the ideal-queue reference, for the load test's summary and the service benchmark's.</summary>
    public static string DescribeIdealFifo(double? imageMs, double idealP99Ms) =>
        Invariant($"queueing alone for the same arrivals (an ideal first-come-first-served server, {imageMs:F1} ms of compute per image, nothing else): p99 {idealP99Ms:F1} ms");

    public static string Describe(LoadPoint point)
    {
        var latency = point.LatencyMs is { } l
            ? Invariant($"p50 {l.P50:F1} p90 {l.P90:F1} p99 {l.P99:F1} max {l.Max:F1} ms")
            : "no answer";
        var batch = point.MeanBatchSize is { } mean ? Invariant($"{mean:F2}") : "n/a";
        var pass = point.MeanPassMs is { } passMs ? Invariant($" in {passMs:F1} ms") : "";
        return Invariant($"{point.ImagesPerSecond,8:F2} img/s, {latency}, {point.Requests} requests, errors {point.Errors.Describe()}, mean batch {batch}{pass}");
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
