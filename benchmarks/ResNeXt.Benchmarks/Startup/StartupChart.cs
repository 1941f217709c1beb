using System.Globalization;
using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>startup.svg: start-to-ready seconds and peak memory per model, service beside PyTorch, in two panels.</summary>
internal static class StartupChart
{
    public static string Render(StartupBenchmarkReport report)
    {
        var title = string.Create(CultureInfo.InvariantCulture, $"Start-up and memory, {report.Threads} threads, {report.Rounds} rounds");
        return SvgBarChart.Render(title, ReadyPanel(report), MemoryPanel(report));
    }

    internal static BarPanel ReadyPanel(StartupBenchmarkReport report) => new(
        "s from process start (median, whisker min-max)",
        Models(report),
        [
            new BarSeries("service: ready", [.. report.Models.Select(m => (Spread?)m.Service.ReadySeconds)]),
            new BarSeries("service: first prediction", [.. report.Models.Select(m => (Spread?)m.Service.FirstPredictionSeconds)]),
            .. HasPyTorch(report) ? [new BarSeries("PyTorch eager: model loaded", [.. report.Models.Select(m => m.PyTorch?.ReadySeconds)])] : Array.Empty<BarSeries>(),
        ]);

    internal static BarPanel MemoryPanel(StartupBenchmarkReport report)
    {
        var traffic = string.Create(CultureInfo.InvariantCulture, $"batch {report.Concurrency}");
        return new BarPanel(
            "peak RSS, MiB (median, whisker min-max)",
            Models(report),
            [
                new BarSeries("service: at ready", [.. report.Models.Select(m => (Spread?)m.Service.ReadyPeakRssMebibytes)]),
                new BarSeries($"service: after {traffic} traffic", [.. report.Models.Select(m => (Spread?)m.Service.SteadyPeakRssMebibytes)]),
                .. HasPyTorch(report) ? [new BarSeries($"PyTorch eager: after {traffic}", [.. report.Models.Select(m => m.PyTorch?.PeakRssMebibytes)])] : Array.Empty<BarSeries>(),
            ]);
    }

    private static List<string> Models(StartupBenchmarkReport report) => [.. report.Models.Select(m => m.Model)];

    private static bool HasPyTorch(StartupBenchmarkReport report) => report.Models.Any(m => m.PyTorch is not null);
}
