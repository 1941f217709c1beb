using System.CommandLine;
using System.Globalization;
using ResNeXt.Benchmarks.Ceiling;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Commands;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>ceiling [--probes N] [--json]</c>: the measured clock and what it allows, so every "share of the ceiling" in
/// docs/benchmarks.md can be rerun on the machine at hand instead of trusting a VM's nominal <c>cpu MHz</c>.
/// </summary>
internal sealed class CeilingBenchCommand : BaseCommand
{
    private const int DefaultProbes = 7;

    /// <summary>mmpretrain publishes multiply-adds as "FLOPs"; a multiply-add is two floating-point operations.</summary>
    private const double FlopPerMultiplyAdd = 2;

    private static readonly Option<int> Probes = new("--probes") { Description = "Clock probes (the median is used).", DefaultValueFactory = _ => DefaultProbes };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the results as JSON." };

    static CeilingBenchCommand()
    {
        OptionChecks.AtLeastOne(Probes);
    }

    public CeilingBenchCommand()
        : base("ceiling", "Measure the running clock and print the FP32 ceiling it gives every catalogue model on all cores.")
    {
        Options.Add(Probes);
        Options.Add(Json);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var machine = MachineInfo.Current();
        var clock = new List<double>();
        for (var i = 0; i < parseResult.GetValue(Probes); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Add(ClockProbe.MeasureGHz());
        }
        var report = Report(machine, Spread.Of(clock));

        if (parseResult.GetValue(Json))
        {
            CliJson.Write(stdout, report);
            return Task.FromResult(ExitCodes.Success);
        }
        stdout.WriteLine(Invariant($"{machine.Processor}, {report.Cores} cores: clock {report.ClockGHz.Median:F2} GHz (probes {report.ClockGHz.Min:F2}-{report.ClockGHz.Max:F2}); load {machine.LoadAverage} -> {MachineInfo.CurrentLoadAverage()}"));
        stdout.WriteLine(Invariant($"FP32 ceiling, every core: {report.NarrowGflops:F0} GFLOP/s at {CeilingReport.NarrowFlopsPerCycle} FLOP/cycle (256-bit FMA: AVX2, Zen 4), {report.WideGflops:F0} at {CeilingReport.WideFlopsPerCycle} (512-bit FMA: Zen 5)"));
        foreach (var model in report.Models)
            stdout.WriteLine(Invariant($"  {model.Model,-18} {model.GflopPerImage,5:F2} GFLOP/image: {model.NarrowImagesPerSecond,6:F1} img/s at {CeilingReport.NarrowFlopsPerCycle}, {model.WideImagesPerSecond,6:F1} at {CeilingReport.WideFlopsPerCycle}"));
        return Task.FromResult(ExitCodes.Success);
    }

    internal static CeilingReport Report(MachineInfo machine, Spread clockGHz)
    {
        var report = new CeilingReport(machine, machine.LogicalCores, clockGHz, Models: []);
        return report with
        {
            Models = [.. ModelCatalog.Entries.Select(e =>
            {
                var gflop = e.PublishedGflops * FlopPerMultiplyAdd;
                return new ModelCeiling(e.Name, gflop, report.NarrowGflops / gflop, report.WideGflops / gflop);
            })],
        };
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
