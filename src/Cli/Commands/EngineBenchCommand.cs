using System.CommandLine;
using System.Globalization;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Benchmarking.Charts;
using ResNeXt.Cli.Benchmarking.Engine;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>
/// <c>resnext bench engine [--model NAME] [--checkpoint PATH] [--backend onnxruntime|torchsharp] [--batch 1 8] [--threads N]
/// [--rounds N] [--json] [--out DIR]</c>: forward throughput of the engine as this install runs it, round after round, with
/// medians and min/max. It needs nothing but the CLI; comparisons with PyTorch, raw ONNX Runtime or Pillow are the
/// repository's benchmarks project (docs/benchmarks.md).
/// </summary>
internal sealed class EngineBenchCommand : BaseCommand
{
    private const int DefaultRounds = 5;
    private const int DefaultWarmup = 2;
    private const int DefaultIterations = 5;
    private const string JsonFile = "engine.json";
    private const string SvgFile = "engine.svg";

    private static readonly Option<string?> Checkpoint = CheckpointOption.Create();

    private static readonly Option<string> Backend = new Option<string>("--backend")
    {
        Description = "Engine backend, as Models:Backend names it.",
        DefaultValueFactory = _ => EngineBackendNames.OnnxRuntime,
    }.AcceptOnlyFromAmong([.. EngineBackendNames.All]);

    private static readonly Option<int[]> Batches = new("--batch", "-b")
    {
        Description = "Batch sizes to time.",
        DefaultValueFactory = _ => [1, 8],
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Rounds = new("--rounds") { Description = "Rounds of every batch size.", DefaultValueFactory = _ => DefaultRounds };

    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed passes per batch size per round.", DefaultValueFactory = _ => DefaultWarmup };

    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed passes per batch size per round.", DefaultValueFactory = _ => DefaultIterations };

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "Intra-op threads; default: every logical core, what the engine uses unless configured otherwise.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the report as JSON instead of a table." };

    private static readonly Option<string?> Output = new("--out", "-o") { Description = $"Also write {JsonFile} and {SvgFile} into this folder.", HelpName = "dir" };

    static EngineBenchCommand()
    {
        OptionChecks.AtLeastOne(Rounds, Iterations, Threads);
        // The service's own ceiling (Batching:IntraOpThreads): --threads 100000 was accepted and asked ONNX Runtime for
        // a hundred thousand threads.
        OptionChecks.Check(Threads, threads => threads > BatchingOptions.IntraOpThreadsLimit
            ? $"--threads is at most {BatchingOptions.IntraOpThreadsLimit}, not {threads}." : null);
        OptionChecks.NotNegative(Warmup);
        OptionChecks.BatchSizes(Batches);
        PathOptions.Folder(Output);
    }

    public EngineBenchCommand()
        : base("engine", "Time the engine's forward pass as this install runs it (backend, threads), with medians and min/max over rounds.")
    {
        foreach (var option in new Option[] { CommonOptions.Model, CommonOptions.CheckpointDirectory, Checkpoint, Backend, Batches, Rounds, Warmup, Iterations, Threads, Json, Output })
            Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var (model, checkpoint) = Resolve(parseResult);
        EngineBackendNames.TryParse(parseResult.GetValue(Backend), out var backend);
        var settings = new EngineBenchSettings(model, Path.GetFullPath(checkpoint), backend, parseResult.GetValue(Batches)!,
            parseResult.GetValue(Rounds), parseResult.GetValue(Warmup), parseResult.GetValue(Iterations), parseResult.GetValue(Threads));
        var json = parseResult.GetValue(Json);
        var report = EngineBench.Run(settings, json ? TextWriter.Null : stdout);
        if (json)
            CliJson.Write(stdout, report);
        else
            Print(stdout, report);
        if (parseResult.GetValue(Output) is { } folder)
            Save(folder, report, json ? parseResult.InvocationConfiguration.Error : stdout);
        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>
    /// A --checkpoint alone is timed as it is (the architecture comes from the file, as for a model outside the catalogue);
    /// a --model is looked up in the catalogue and its checkpoint found as predict finds it.
    /// </summary>
    private static (ModelCatalogEntry? Model, string Checkpoint) Resolve(ParseResult parseResult)
    {
        if (parseResult.GetValue(Checkpoint) is { } path && parseResult.GetResult(CommonOptions.Model) is null or { Implicit: true })
            return (null, path);
        return CheckpointOption.Resolve(parseResult, Checkpoint);
    }

    private static void Print(TextWriter output, EngineBenchReport report)
    {
        output.WriteLine(Invariant($"{report.Model}, {report.Backend} backend, {report.Threads} threads, {report.Rounds} rounds; loaded in {report.LoadSeconds:F1} s; peak RSS {report.PeakRssBytes / (1024.0 * 1024):F0} MiB"));
        output.WriteLine(Invariant($"{report.Machine.Processor}, {report.Machine.LogicalCores} cores; load average {report.Machine.LoadAverage} -> {report.LoadAverageAfter}"));
        foreach (var batch in report.Batches)
            output.WriteLine(Invariant($"  batch {batch.BatchSize,3}: {batch.ImagesPerSecond.Median,7:F2} img/s (min {batch.ImagesPerSecond.Min:F2}, max {batch.ImagesPerSecond.Max:F2}); {batch.MillisecondsPerBatch.Median:F1} ms/batch"));
    }

    private static void Save(string folder, EngineBenchReport report, TextWriter output)
    {
        var panel = new BarPanel("images/s (median, whisker min-max)", [.. report.Batches.Select(b => Invariant($"batch {b.BatchSize}"))],
            [new BarSeries(Invariant($"engine, {report.Backend} backend"), [.. report.Batches.Select(b => (Spread?)b.ImagesPerSecond)])]);
        ReportFiles.Save(folder, JsonFile, SvgFile, report,
            SvgBarChart.Render(Invariant($"{report.Model} forward throughput, {report.Threads} threads"), panel), output);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
