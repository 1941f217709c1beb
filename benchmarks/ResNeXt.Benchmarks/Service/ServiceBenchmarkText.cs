using System.Globalization;
using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Benchmarks.Service;

/// <summary>The console summary of a service benchmark: medians per contender, then each target as measured ratio against bound.</summary>
internal static class ServiceBenchmarkText
{
    private const string None = "n/a";

    public static void Write(TextWriter output, ServiceBenchmarkReport report)
    {
        output.WriteLine(Invariant($"{report.Model}, {report.ContentType} uploads ({report.Image}), concurrency {report.Concurrency}, {report.Rounds.Count} rounds; baselines on {report.Threads} threads; {report.Machine.Processor}, {report.Machine.LogicalCores} cores"));
        output.WriteLine($"service settings: {(report.ServiceSettings.Count == 0 ? "defaults" : string.Join(' ', report.ServiceSettings.Select(s => $"{s.Key}={s.Value}")))}; load average {report.Machine.LoadAverage} -> {report.LoadAverageAfter}");
        output.WriteLine("img/s, median (min-max) over the rounds:");
        output.WriteLine(Row("service, one model", report.OneModel));
        output.WriteLine(Row("service, two models at once (sum)", report.TwoModels));
        output.WriteLine(Row($"raw ONNX Runtime, batch {report.Concurrency}", report.OnnxRuntimeBatch));
        output.WriteLine(Row($"PyTorch + Pillow, batch {report.Concurrency}", report.PyTorchPillowBatch));
        if (report.Latency is { } latency)
        {
            output.WriteLine(Invariant($"batch-1 latency {latency.Batch1LatencyMs:F1} ms; offline max {latency.OfflineMaxImagesPerSecond:F2} img/s; highest rate within 3x batch-1 at p99: {(latency.MaxRateMeetingBound is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + " img/s" : "none")}"));
            output.WriteLine(Invariant($"at {latency.LoadFraction * 100:F0}% of the offline max ({latency.Rate:F2} img/s): p50 {Number(latency.P50Ms, "F1")} ms, p99 {Number(latency.P99Ms, "F1")} ms, mean batch {Number(latency.MeanBatchSize, "F2")}"));
            if (latency.IdealFifoP99Ms is { } ideal)
                output.WriteLine(LoadTest.DescribeIdealFifo(latency.ImageMs, ideal));
        }
        output.WriteLine("targets (issue 11):");
        foreach (var target in report.Targets)
            output.WriteLine(Describe(target));
        output.WriteLine("what this machine allows:");
        output.WriteLine(Invariant($"  {"raw ONNX Runtime / PyTorch + Pillow",-40} {Number(report.EngineOverPyTorchPillow, "F2"),8}  (the service / PyTorch + Pillow ratio at 1.0x raw ONNX Runtime)"));
        output.WriteLine(Invariant($"  {"ideal FIFO p99 / batch-1 latency",-40} {Number(report.IdealFifoLatencyMultiple, "F2"),8}  (the tail ratio of a server with no cost but queueing)"));
    }

    internal static string Describe(TargetCheck target) => Invariant(
        $"  {target.Name,-40} {Number(target.Value, "F2"),8}  {(target.AtLeast ? ">=" : "<=")} {target.Target:0.##}  {(target.Met ? "met" : "NOT met")}");

    private static string Row(string name, Spread spread) =>
        Invariant($"  {name,-40} {spread.Median,8:F2}  ({spread.Min:F2}-{spread.Max:F2})");

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : None;

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
