using System.Globalization;
using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Benchmarks.Service;

/// <summary>
/// service.svg: offline throughput of the service (one model, two at once) beside raw ONNX Runtime and PyTorch + Pillow
/// at the same batch, and the server scenario's latencies, in two panels (images per second and milliseconds).
/// </summary>
internal static class ServiceBenchmarkChart
{
    public static string Render(ServiceBenchmarkReport report)
    {
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{report.Model}, {report.ContentType} uploads, concurrency {report.Concurrency}, {report.Rounds.Count} rounds, load average {report.Machine.LoadAverage}");
        return report.Latency is null
            ? SvgBarChart.Render(title, ThroughputPanel(report))
            : SvgBarChart.Render(title, ThroughputPanel(report), LatencyPanel(report, report.Latency));
    }

    internal static BarPanel ThroughputPanel(ServiceBenchmarkReport report) => new(
        "img/s (median, whisker min-max)",
        ["throughput"],
        [
            new BarSeries("service, one model", [report.OneModel]),
            new BarSeries("service, two models at once (sum)", [report.TwoModels]),
            new BarSeries($"raw ONNX Runtime, batch {report.Concurrency}", [report.OnnxRuntimeBatch]),
            new BarSeries($"PyTorch + Pillow, batch {report.Concurrency}", [report.PyTorchPillowBatch]),
        ]);

    internal static BarPanel LatencyPanel(ServiceBenchmarkReport report, ServiceLatency latency) => new(
        "ms",
        ["latency"],
        [
            new BarSeries("batch-1 (concurrency 1, median)", [Single(latency.Batch1LatencyMs)]),
            new BarSeries(string.Create(CultureInfo.InvariantCulture, $"p99 at {latency.LoadFraction * 100:F0}% of the offline maximum"), [latency.P99Ms is { } p99 ? Single(p99) : null]),
            new BarSeries(string.Create(CultureInfo.InvariantCulture, $"target: {ServiceBenchmarkReport.LatencyMultipleTarget}x batch-1"),
                [Single(ServiceBenchmarkReport.LatencyMultipleTarget * latency.Batch1LatencyMs)]),
        ]);

    private static Spread Single(double value) => new(value, value, value);
}
