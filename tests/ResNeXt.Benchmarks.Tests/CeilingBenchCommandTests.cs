using ResNeXt.Benchmarks.Ceiling;
using ResNeXt.Benchmarks.Commands;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Tests;

public sealed class CeilingBenchCommandTests
{
    [Fact]
    public void CeilingIsCoresTimesFlopsPerCycleTimesClockOverTwiceThePublishedMultiplyAdds()
    {
        var machine = new MachineInfo("test", LogicalCores: 2, "linux", ".NET", "0 0 0");

        var report = CeilingBenchCommand.Report(machine, new Spread(3.5, 3.4, 3.6));

        Assert.Equal(2 * 32 * 3.5, report.NarrowGflops, 9);
        Assert.Equal(2 * 64 * 3.5, report.WideGflops, 9);
        var resnext50 = report.Models.Single(m => m.Model == "resnext50-32x4d");
        var gflop = 2 * ModelCatalog.Get("resnext50-32x4d").PublishedGflops;
        Assert.Equal(gflop, resnext50.GflopPerImage, 9);
        Assert.Equal(224 / gflop, resnext50.NarrowImagesPerSecond, 9);
        Assert.Equal(448 / gflop, resnext50.WideImagesPerSecond, 9);
        Assert.Equal(ModelCatalog.Entries.Count, report.Models.Count);
    }

    [Fact]
    public void TheClockProbeFindsAPlausibleClock() =>
        // No core runs above 7 GHz: a chain the JIT folded or dropped would report far more. No bound below, beyond
        // nonsense: a test machine busy with other tests may give the probe a fraction of a core.
        Assert.InRange(ClockProbe.MeasureGHz(iterations: 50_000_000), 0.01, 7);

    [Fact]
    public async Task ZeroProbesIsAUsageError()
    {
        var run = await BenchmarkRunner.RunAsync("ceiling", "--probes", "0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--probes", run.Error);
    }
}
