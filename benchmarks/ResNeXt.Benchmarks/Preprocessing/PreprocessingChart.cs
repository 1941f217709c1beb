using System.Globalization;
using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// preprocessing.svg: one panel per mode, because all cores are several times one thread and a shared scale would
/// flatten the single-thread bars; one group per image, one bar per contender.
/// </summary>
internal static class PreprocessingChart
{
    public const string Title = "Preprocessing: decode, resize, crop, normalise";
    public static List<BarPanel> Panels(PreprocessingBenchmarkReport report)
    {
        var contenders = report.Results.Select(r => r.Contender).Distinct().ToList();
        List<string> images = [.. report.Images.Select(i => i.Name)];
        return [.. report.Modes.Select(mode => new BarPanel(AxisLabel(mode, report.Workers), images,
            [.. contenders.Select(c => new BarSeries(c, [.. images.Select(image => (Spread?)Throughput(report, c, mode, image))]))]))];
    }

    private static string AxisLabel(string mode, int workers) => mode == PreprocessingModes.AllCores
        ? string.Create(CultureInfo.InvariantCulture, $"images/s, all cores ({workers} workers)")
        : "images/s, one thread";

    private static Spread Throughput(PreprocessingBenchmarkReport report, string contender, string mode, string image) =>
        report.Results.Single(r => r.Contender == contender && r.Mode == mode && r.Image == image).ImagesPerSecond;
}
