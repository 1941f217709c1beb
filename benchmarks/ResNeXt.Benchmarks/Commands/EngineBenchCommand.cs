using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Benchmarking.Charts;
using ResNeXt.Benchmarks.Engine;
using ResNeXt.Cli.Commands;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>engine --checkpoint PATH [--model NAME] [--backends onnxruntime torchsharp] [--batch 1 8 16] [--rounds N]
/// [--compare-pytorch] [--compare-onnxruntime] [--allocator-ablation] [--out DIR]</c>: forward throughput of our engine
/// with each backend, alternating round by round with PyTorch eager (tests/reference/bench_engine.py) and raw ONNX
/// Runtime (benchmarks/OnnxRuntimeBaseline, the ORT version we ship) on the same weights and thread count. Prints
/// medians, min/max and the paired ratios; writes engine.json and engine.svg to --out.
/// </summary>
internal sealed class EngineBenchCommand : BaseCommand
{
    private const int DefaultRounds = 5;
    private const int DefaultWarmup = 2;
    private const int DefaultIterations = 5;
    private const string DefaultOutput = "benchmarks/results";

    private static readonly Option<string> Checkpoint = new("--checkpoint", "-c")
    {
        Description = "Checkpoint to time (official mmpretrain .pth or .safetensors); PyTorch and the ONNX export load the same file.",
        HelpName = "path",
        Required = true,
    };

    private static readonly Option<int[]> Batches = new("--batch", "-b")
    {
        Description = "Batch sizes to time.",
        DefaultValueFactory = _ => [1, 8, 16],
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Rounds = new("--rounds") { Description = "Alternating rounds.", DefaultValueFactory = _ => DefaultRounds };

    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed passes per batch size per round.", DefaultValueFactory = _ => DefaultWarmup };

    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed passes per batch size per round.", DefaultValueFactory = _ => DefaultIterations };

    private static readonly Option<string> Model = new("--model", "-m")
    {
        Description = "Catalogue name the checkpoint is checked against and the report is labelled with (any name outside the catalogue: no check).",
        HelpName = "name",
        DefaultValueFactory = _ => Inference.Registry.ModelCatalog.DefaultModel,
    };

    private static readonly Option<string[]> Backends = new Option<string[]>("--backends")
    {
        Description = "Our engine's backends to time, one contender each.",
        DefaultValueFactory = _ => [.. EngineBackendNames.All],
        AllowMultipleArgumentsPerToken = true,
    }.AcceptOnlyFromAmong([.. EngineBackendNames.All]);

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "Intra-op threads for every contender; default: every logical core, what each runtime uses by default.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<bool> ComparePyTorch = new("--compare-pytorch") { Description = "Alternate with PyTorch eager (Debian's /usr/bin/python3)." };

    private static readonly Option<bool> CompareOnnxRuntime = new("--compare-onnxruntime")
    {
        Description = "Alternate with raw ONNX Runtime (benchmarks/OnnxRuntimeBaseline, the ORT version we ship, in its own process) on torch.onnx's export of the same checkpoint.",
    };

    private static readonly Option<string?> Onnx = new("--onnx")
    {
        Description = "ONNX file to time with ONNX Runtime (implies --compare-onnxruntime) instead of exporting the checkpoint (exports are cached in ~/.cache/resnext-service/onnx).",
        HelpName = "path",
    };

    private static readonly Option<bool> AllocatorAblation = new("--allocator-ablation")
    {
        Description = "Also time the torchsharp backend with glibc's malloc defaults (served, it keeps freed activation memory) and, with --compare-pytorch, PyTorch with freed memory kept mapped (GLIBC_TUNABLES).",
    };

    private static readonly Option<string> Python = new("--python") { Description = "Interpreter with torch and torchvision.", DefaultValueFactory = _ => PythonScript.DefaultInterpreter };

    private static readonly Option<double?> MinRatio = new("--min-ratio")
    {
        Description = "Exit non-zero when any reported median ratio falls below this at any batch size (a smoke check, not a timing test).",
    };

    private static readonly Option<string> Output = new("--out", "-o") { Description = "Folder for engine.json and engine.svg.", DefaultValueFactory = _ => DefaultOutput };

    static EngineBenchCommand()
    {
        OptionChecks.BatchSizes(Batches);
        OptionChecks.AtLeastOne(Rounds, Iterations, Threads);
        OptionChecks.NotNegative(Warmup);
        PathOptions.Folder(Output);
    }

    public EngineBenchCommand()
        : base("engine", "Time our engine's forward pass with each backend, optionally against PyTorch eager and raw ONNX Runtime on the same weights.")
    {
        foreach (var option in new Option[] { Model, Checkpoint, Backends, Batches, Rounds, Warmup, Iterations, Threads, ComparePyTorch, CompareOnnxRuntime, Onnx, AllocatorAblation, Python, MinRatio, Output })
            Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var onnx = parseResult.GetValue(Onnx);
        var backends = parseResult.GetValue(Backends)!.Select(name => EngineBackendNames.TryParse(name, out var backend) ? backend : throw new ArgumentException(name)).Distinct().ToList();
        var settings = new EngineBenchmarkSettings(parseResult.GetValue(Model)!, Path.GetFullPath(parseResult.GetValue(Checkpoint)!), backends,
            parseResult.GetValue(Batches)!, parseResult.GetValue(Rounds), parseResult.GetValue(Warmup), parseResult.GetValue(Iterations),
            parseResult.GetValue(Threads), parseResult.GetValue(Python)!, parseResult.GetValue(ComparePyTorch),
            parseResult.GetValue(CompareOnnxRuntime) || onnx is not null, parseResult.GetValue(AllocatorAblation), onnx is null ? null : Path.GetFullPath(onnx));
        var report = EngineBenchmark.Run(settings, stdout);
        Print(stdout, report);
        Save(parseResult.GetValue(Output)!, report, stdout);
        var minRatio = parseResult.GetValue(MinRatio);
        var failed = minRatio is { } bound && report.Ratios.Any(r => r.Ratio.Median < bound);
        if (failed)
            parseResult.InvocationConfiguration.Error.WriteLine(Invariant($"error: a median ratio is below --min-ratio {minRatio}."));
        return Task.FromResult(failed ? ExitCodes.Unexpected : ExitCodes.Success);
    }

    private static void Print(TextWriter output, EngineBenchmarkReport report)
    {
        output.WriteLine(Invariant($"{report.Model}, {report.Threads} threads, {report.Rounds} rounds; {report.Machine.Processor}, {report.Machine.LogicalCores} cores; load average {report.Machine.LoadAverage} -> {report.LoadAverageAfter}"));
        output.WriteLine("  runtimes: " + string.Join("; ", report.Contenders.Select(c => $"{c.Name}: {c.Runtime}")));
        foreach (var contender in report.Contenders)
            foreach (var batch in contender.Batches)
                output.WriteLine(Invariant($"  {contender.Name,-28} batch {batch.BatchSize,3}: {batch.ImagesPerSecond.Median,7:F2} img/s (min {batch.ImagesPerSecond.Min:F2}, max {batch.ImagesPerSecond.Max:F2}); {batch.MillisecondsPerBatch.Median:F1} ms/batch"));
        foreach (var ratio in report.Ratios)
            output.WriteLine(Invariant($"  {ratio.Numerator} / {ratio.Denominator}, batch {ratio.BatchSize}: {ratio.Ratio.Median:F2}x (rounds {ratio.Ratio.Min:F2}-{ratio.Ratio.Max:F2})"));
    }

    private static void Save(string folder, EngineBenchmarkReport report, TextWriter output) =>
        ReportFiles.Save(folder, "engine.json", "engine.svg", report,
            SvgBarChart.Render(Invariant($"{report.Model} forward throughput, {report.Threads} threads"), ThroughputPanel(report)), output);

    /// <summary>A group per batch size, a bar per contender.</summary>
    private static BarPanel ThroughputPanel(EngineBenchmarkReport report) => new(
        "images/s (median, whisker min-max)",
        [.. report.Contenders[0].Batches.Select(b => Invariant($"batch {b.BatchSize}"))],
        [.. report.Contenders.Select(c => new BarSeries(c.Name, [.. c.Batches.Select(b => (Spread?)b.ImagesPerSecond)]))]);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
