using System.Globalization;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// startup.svg: start-to-ready seconds and peak memory per model, each backend of the service beside PyTorch, in two
/// panels. A series per backend and measure (rather than a group per model and backend) keeps each model's bars side
/// by side, which is the comparison the chart is for.
/// </summary>
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
            .. report.Backends.SelectMany(backend => new[]
            {
                Series(report, backend, "ready", s => s.ReadySeconds),
                Series(report, backend, "first prediction", s => s.FirstPredictionSeconds),
            }),
            .. HasPyTorch(report) ? [new BarSeries("PyTorch eager: model loaded", [.. report.Models.Select(m => m.PyTorch?.ReadySeconds)])] : Array.Empty<BarSeries>(),
        ]);

    internal static BarPanel MemoryPanel(StartupBenchmarkReport report)
    {
        var traffic = string.Create(CultureInfo.InvariantCulture, $"batch {report.Concurrency}");
        return new BarPanel(
            "peak RSS, MiB (median, whisker min-max)",
            Models(report),
            [
                .. report.Backends.SelectMany(backend => new[]
                {
                    Series(report, backend, "at ready", s => s.ReadyPeakRssMebibytes),
                    Series(report, backend, $"after {traffic} traffic", s => s.SteadyPeakRssMebibytes),
                }),
                .. HasPyTorch(report) ? [new BarSeries($"PyTorch eager: after {traffic}", [.. report.Models.Select(m => m.PyTorch?.PeakRssMebibytes)])] : Array.Empty<BarSeries>(),
            ]);
    }

    /// <summary>One measure of one backend across the models; a gap where a model has no rounds of it.</summary>
    private static BarSeries Series(StartupBenchmarkReport report, string backend, string measure, Func<ServiceSummary, Spread> value) =>
        new($"service/{backend}: {measure}", [.. report.Models.Select(m => m.For(backend) is { } result ? value(result.Service) : (Spread?)null)]);

    private static List<string> Models(StartupBenchmarkReport report) => [.. report.Models.Select(m => m.Model)];

    private static bool HasPyTorch(StartupBenchmarkReport report) => report.Models.Any(m => m.PyTorch is not null);
}
