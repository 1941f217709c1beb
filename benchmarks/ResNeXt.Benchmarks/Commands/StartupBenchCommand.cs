using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ResNeXt.Cli.Commands;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Benchmarks.Startup;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>startup [--model NAME...] [--backend NAME[,NAME]...] [--checkpoint-dir DIR] [--rounds N] [--compare-pytorch] [--out DIR]</c>:
/// starts the built service once per model and backend per round and measures process start to ready, to the first
/// answered prediction, and its peak resident memory at ready and after batches of concurrent requests; optionally beside
/// PyTorch eager loading the same checkpoint (tests/reference/bench_engine.py, so run it from a clone). Writes
/// startup.json and startup.svg to --out.
/// </summary>
internal sealed class StartupBenchCommand : BaseCommand
{
    private const int DefaultRounds = 3;
    private const int DefaultConcurrency = 8;
    private const int DefaultWaves = 3;
    private const int DefaultThreads = 2;
    private const int DefaultReadyTimeoutSeconds = 300;
    private const string DefaultOutput = "benchmarks/results";
    private const string BaselineScript = "bench_engine.py";
    private const string JsonFile = "startup.json";
    private const string SvgFile = "startup.svg";
    private const string Seconds = "F2";
    private const string Mebibytes = "F0";
    private const string None = "-";
    private const string Ratio = "F2";
    private const string PyTorchRuntime = "PyTorch";

    private static readonly Option<string[]> Models = new("--model", "-m")
    {
        Description = "Models to start, each from its own checkpoint in --checkpoint-dir; any name the service's registry serves.",
        HelpName = "name",
        // Smallest first, so the chart's bars grow left to right.
        DefaultValueFactory = _ => [.. ModelCatalog.Entries.OrderBy(e => e.PublishedParameters).Select(e => e.Name)],
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Internal so tests can read what a command line parses to.</summary>
    internal static readonly Option<EngineBackend[]> Backends = new("--backend")
    {
        Description = "The service's Models:Backend values to measure, each in a process of its own per model per round; repeat the option or separate names with commas.",
        HelpName = string.Join('|', EngineBackendNames.All),
        // Both by default: the point of the benchmark is the comparison, and each start is only seconds.
        DefaultValueFactory = _ => [EngineBackend.OnnxRuntime, EngineBackend.TorchSharp],
        AllowMultipleArgumentsPerToken = true,
        CustomParser = ParseBackends,
    };

    private static readonly Option<string> CheckpointDirectory = new("--checkpoint-dir", "--dir")
    {
        Description = "Folder with <model>.pth, <model>/<model>.pth (the reference data's layout) or the official file names.",
        HelpName = "path",
        DefaultValueFactory = _ => CommonOptions.DefaultCheckpointDirectory,
    };

    private static readonly Option<string?> Service = new("--service")
    {
        Description = $"The service to start: an assembly (run with dotnet) or an executable. Default: src/Api built beside this project.",
        HelpName = "path",
    };

    private static readonly Option<int> Rounds = new("--rounds") { Description = "Starts of each model, alternating models round by round.", DefaultValueFactory = _ => DefaultRounds };

    private static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = "Predictions in flight at once after the first, so the worker computes batches of this size (the service's Batching:MaxBatchSize is 8).",
        DefaultValueFactory = _ => DefaultConcurrency,
    };

    private static readonly Option<int> Waves = new("--waves") { Description = "Rounds of --concurrency predictions before the steady-state memory is read.", DefaultValueFactory = _ => DefaultWaves };

    private static readonly Option<int> Threads = new("--threads") { Description = "Intra-op threads of the service's model worker and of PyTorch.", DefaultValueFactory = _ => DefaultThreads };

    private static readonly Option<int> ReadyTimeout = new("--ready-timeout") { Description = "Seconds a start may take before it counts as failed.", DefaultValueFactory = _ => DefaultReadyTimeoutSeconds };

    private static readonly Option<bool> ComparePyTorch = new("--compare-pytorch") { Description = "Also load each checkpoint in PyTorch eager (Debian's /usr/bin/python3) and run --waves passes at batch --concurrency." };

    private static readonly Option<string> Python = new("--python") { Description = "Interpreter with torch and torchvision.", DefaultValueFactory = _ => PythonScript.DefaultInterpreter };

    private static readonly Option<string> Output = new("--out", "-o") { Description = $"Folder for {JsonFile} and {SvgFile}.", DefaultValueFactory = _ => DefaultOutput };

    static StartupBenchCommand()
    {
        PathOptions.Folder(Output);
        OptionChecks.AtLeastOne(Rounds, Concurrency, Waves, Threads, ReadyTimeout);
        Models.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string[]>() is not { Length: > 0 }) result.AddError("--model needs at least one name.");
        });
    }

    public StartupBenchCommand()
        : base("startup", "Time the service from process start to ready and its peak memory per model and backend, optionally beside PyTorch eager.")
    {
        Backends.CompletionSources.Add([.. EngineBackendNames.All]);
        foreach (var option in new Option[] { Models, Backends, CheckpointDirectory, Service, Rounds, Concurrency, Waves, Threads, ReadyTimeout, ComparePyTorch, Python, Output })
            Options.Add(option);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var service = parseResult.GetValue(Service) is { } path ? ServiceCommand.For(Path.GetFullPath(path)) : ServiceCommand.Locate();
        var pytorch = parseResult.GetValue(ComparePyTorch) ? PythonScript.Locate(parseResult.GetValue(Python)!, BaselineScript) : null;
        var settings = new StartupBenchmarkSettings([.. parseResult.GetValue(Models)!.Distinct(StringComparer.Ordinal)], parseResult.GetValue(Backends)!,
            Path.GetFullPath(parseResult.GetValue(CheckpointDirectory)!), service, parseResult.GetValue(Rounds), parseResult.GetValue(Concurrency),
            parseResult.GetValue(Waves), parseResult.GetValue(Threads), TimeSpan.FromSeconds(parseResult.GetValue(ReadyTimeout)), pytorch);
        var report = await StartupBenchmark.RunAsync(settings, stdout, cancellationToken);
        Print(stdout, report);
        Save(parseResult.GetValue(Output)!, report, stdout);
        return ExitCodes.Success;
    }

    private static void Print(TextWriter output, StartupBenchmarkReport report)
    {
        output.WriteLine(Invariant($"{report.Rounds} rounds, {report.Threads} threads, {report.Waves}x{report.Concurrency} predictions after the first; {report.Machine.Processor}, {report.Machine.LogicalCores} cores; load average {report.Machine.LoadAverage} -> {report.LoadAverageAfter}"));
        output.WriteLine("median (min-max) over the rounds; seconds from process start, memory in MiB; runtime: the service's Models:Backend, or PyTorch eager");
        output.WriteLine(Row("model", "runtime", "ready s", "1st prediction s", "model load s", "peak RSS at ready", "peak RSS steady", "RSS steady"));
        foreach (var model in report.Models)
        {
            var name = model.Model;
            foreach (var backend in model.Backends)
            {
                var s = backend.Service;
                output.WriteLine(Row(name, backend.Backend, Cell(s.ReadySeconds), Cell(s.FirstPredictionSeconds), Cell(s.ModelLoadSeconds),
                    Cell(s.ReadyPeakRssMebibytes, Mebibytes), Cell(s.SteadyPeakRssMebibytes, Mebibytes), Cell(s.SteadyRssMebibytes, Mebibytes)));
                name = ""; // once per model, so the rows read as one group
            }
            if (model.PyTorch is { } p)
                output.WriteLine(Row(name, PyTorchRuntime, Cell(p.ReadySeconds), None, Cell(p.LoadSeconds), None, Cell(p.PeakRssMebibytes, Mebibytes), None));
        }
        if (report.Models.All(m => m.OnnxRuntimeOverTorchSharp is null))
            return;
        output.WriteLine($"{EngineBackendNames.OnnxRuntime}/{EngineBackendNames.TorchSharp}, ratio of the medians (below 1: onnxruntime loads faster or holds less)");
        output.WriteLine(Row("model", "", "model load s", "RSS steady", "peak RSS steady"));
        foreach (var model in report.Models)
        {
            if (model.OnnxRuntimeOverTorchSharp is { } r)
                output.WriteLine(Row(model.Model, "", Times(r.ModelLoadSeconds), Times(r.SteadyRssMebibytes), Times(r.SteadyPeakRssMebibytes)));
        }
    }

    private static string Row(string model, string runtime, params string[] cells) =>
        $"{model,-18} {runtime,-11} {string.Join(' ', cells.Select(c => $"{c,-20}"))}".TrimEnd();

    private static string Times(double? ratio) => ratio is { } value ? Number(value, Ratio) + "x" : None;

    /// <summary>
    /// Repeated options and comma lists both, in the order given, each backend once. An unknown name is a usage error
    /// that lists the valid ones, as the CLI's own --backend does.
    /// </summary>
    private static EngineBackend[] ParseBackends(ArgumentResult result)
    {
        List<EngineBackend> backends = [];
        foreach (var name in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!EngineBackendNames.TryParse(name, out var backend))
            {
                result.AddError($"--backend: '{name}' is not a backend: use {string.Join(" or ", EngineBackendNames.All)}.");
                return [];
            }
            if (!backends.Contains(backend))
                backends.Add(backend);
        }
        if (backends.Count == 0)
            result.AddError($"--backend needs at least one name: {string.Join(" or ", EngineBackendNames.All)}.");
        return [.. backends];
    }

    private static string Cell(Spread? spread, string format = Seconds) => spread is null
        ? None
        : $"{Number(spread.Median, format)} ({Number(spread.Min, format)}-{Number(spread.Max, format)})";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Save(string folder, StartupBenchmarkReport report, TextWriter output) =>
        ReportFiles.Save(folder, JsonFile, SvgFile, report, StartupChart.Render(report), output);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
