using System.Globalization;
using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>The load test's SVGs: throughput and latency over the offline concurrencies, and the server scenario's search.</summary>
internal static class LoadTestCharts
{
    public static string Throughput(LoadTestReport report)
    {
        var references = report.Engine?.Engine is { } engine
            ? new[] { new ReferenceLine(Invariant($"engine alone, batch {engine.BatchSize}: {engine.ImagesPerSecond:F1} img/s"), engine.ImagesPerSecond) }
            : [];
        return SvgLineChart.Render(new LineChart(
            Invariant($"{report.Settings.Model} service throughput (offline){BatchingNote(report)}"),
            "concurrent requests", "images/s",
            [new ChartSeries("answered images/s", [.. report.Offline.Select(p => new ChartPoint(p.Concurrency ?? 0, p.ImagesPerSecond))])],
            references, LogarithmicX: true));
    }

    public static string Latency(LoadTestReport report)
    {
        var answered = report.Offline.Where(p => p.LatencyMs is not null).ToList();
        ChartSeries Series(string name, Func<LatencySummary, double> pick) =>
            new(name, [.. answered.Select(p => new ChartPoint(p.Concurrency ?? 0, pick(p.LatencyMs!)))]);
        return SvgLineChart.Render(new LineChart(
            Invariant($"{report.Settings.Model} service latency (offline){BatchingNote(report)}"),
            "concurrent requests", "latency (ms)",
            [Series("p50", l => l.P50), Series("p90", l => l.P90), Series("p99", l => l.P99)],
            [], LogarithmicX: true));
    }

    /// <summary>Each probe's p99 at its offered rate, split by whether it met the bound, and the run at the load fraction.</summary>
    public static string ServerSearch(LoadTestReport report, ServerScenarioResult server)
    {
        static ChartPoint At(double rate, LoadPoint point) => new(rate, point.LatencyMs?.P99 ?? 0);
        List<ReferenceLine> references =
        [
            new(Invariant($"p99 bound {server.P99BoundMs:F1} ms"), server.P99BoundMs),
            new(Invariant($"offline max {server.UpperRate:F1}/s"), server.UpperRate, Vertical: true),
        ];
        if (server.TargetP99Ms != server.P99BoundMs)
            references.Add(new(Invariant($"{LoadTest.LatencyMultiple}x batch-1 latency {server.TargetP99Ms:F1} ms"), server.TargetP99Ms));
        return SvgLineChart.Render(new LineChart(
            Invariant($"{report.Settings.Model} server scenario: p99 per offered rate{BatchingNote(report)}"),
            "offered Poisson rate (requests/s)", "p99 latency (ms)",
            [
                new ChartSeries("met the bound", [.. server.Search.Where(s => s.Met).Select(s => At(s.Rate, s.Result))], Connected: false),
                new ChartSeries("missed the bound", [.. server.Search.Where(s => !s.Met).Select(s => At(s.Rate, s.Result))], Connected: false),
                new ChartSeries(Invariant($"{server.LoadFraction * 100:F0}% of offline max"),
                    [At(server.AtLoadFraction.OfferedRate ?? 0, server.AtLoadFraction)], Connected: false),
            ],
            references));
    }

    private static string BatchingNote(LoadTestReport report) =>
        report.Service.Batching is { } batching ? Invariant($", max batch {batching.MaxBatchSize}") : "";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
