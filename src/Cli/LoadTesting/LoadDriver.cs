using System.Diagnostics;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// Puts one load level on the service and measures it: closed loop (offline) or open-loop Poisson arrivals (server),
/// bracketed by two scrapes of the service's forward-pass histograms for the mean batch size and pass time of exactly this level.
/// </summary>
internal sealed class LoadDriver(ServiceTarget target, LoadTestSettings settings)
{
    // The Prometheus exporter caches its scrape answer for 300 ms by default; waiting longer than that before each scrape
    // keeps a scrape from returning the previous one's numbers.
    private static readonly TimeSpan ScrapeCacheSettle = TimeSpan.FromMilliseconds(500);

    public async Task<LoadPoint> OfflineAsync(int concurrency, CancellationToken cancellationToken)
    {
        if (settings.Warmup > TimeSpan.Zero)
            await WarmUpAsync(concurrency, settings.Warmup, cancellationToken);
        var before = await ScrapeAsync(cancellationToken);
        var tally = new RequestTally();
        var seconds = await ClosedLoopAsync(concurrency, settings.Duration, settings.Requests, tally, cancellationToken);
        var passes = await PassesSinceAsync(before, cancellationToken);
        return tally.ToPoint(concurrency, offeredRate: null, seconds, passes, scheduleLagP99Ms: null);
    }

    public async Task<LoadPoint> ServerAsync(double rate, CancellationToken cancellationToken)
    {
        var arrivals = ServerArrivals(settings, rate);
        var count = arrivals.Length;
        var before = await ScrapeAsync(cancellationToken);
        var tally = new RequestTally();
        var lags = new double[count];
        var inFlight = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(arrivals[i]);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            lags[i] = Math.Max(0, (clock.Elapsed - due).TotalMilliseconds);
            // Open loop: the next arrival never waits for this answer, so a slow service faces a growing queue, as with real users.
            inFlight.Add(Task.Run(async () => tally.Add(await target.PredictAsync(cancellationToken)), CancellationToken.None));
        }
        await Task.WhenAll(inFlight);
        var seconds = clock.Elapsed.TotalSeconds;
        var passes = await PassesSinceAsync(before, cancellationToken);
        Array.Sort(lags);
        return tally.ToPoint(concurrency: null, rate, seconds, passes, Percentile.NearestRank(lags, Percentile.Tail));
    }

    /// <summary>
    /// Untimed closed-loop load: no scrapes, no pass means. The point it returns is for callers that count what went
    /// wrong while warming; <see cref="OfflineAsync"/> warms with it and keeps only the measured point.
    /// </summary>
    public async Task<LoadPoint> WarmUpAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var tally = new RequestTally();
        var seconds = await ClosedLoopAsync(concurrency, duration, requests: null, tally, cancellationToken);
        return tally.ToPoint(concurrency, offeredRate: null, seconds, passes: null, scheduleLagP99Ms: null);
    }

    /// <summary>When each request of a server point at <paramref name="rate"/> is due: the same schedule on every run of a seed.</summary>
    public static double[] ServerArrivals(LoadTestSettings settings, double rate) =>
        PoissonSchedule.Arrivals(rate, Math.Max(settings.MinQueries, (int)Math.Ceiling(rate * settings.ServerDuration.TotalSeconds)), settings.Seed);

    /// <summary>
    /// <paramref name="concurrency"/> workers each send the next request when their last one is answered, until
    /// <paramref name="requests"/> were sent in all or, without a count, <paramref name="duration"/> has passed.
    /// Returns the seconds from the first send to the last answer.
    /// </summary>
    private async Task<double> ClosedLoopAsync(int concurrency, TimeSpan duration, int? requests, RequestTally tally, CancellationToken cancellationToken)
    {
        var issued = 0;
        var clock = Stopwatch.StartNew();

        bool MoreToSend() => requests is { } limit ? Interlocked.Increment(ref issued) <= limit : clock.Elapsed < duration;

        async Task Worker()
        {
            while (MoreToSend())
                tally.Add(await target.PredictAsync(cancellationToken));
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, CancellationToken.None)));
        return clock.Elapsed.TotalSeconds;
    }

    private async Task<PassTotals?> ScrapeAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(ScrapeCacheSettle, cancellationToken);
        return await target.PassTotalsAsync(cancellationToken);
    }

    private async Task<PassMeans?> PassesSinceAsync(PassTotals? before, CancellationToken cancellationToken) =>
        (await ScrapeAsync(cancellationToken))?.Since(before);
}
