using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using ResNeXt.Benchmarks.Engine;
using ResNeXt.Benchmarks.Service;
using ResNeXt.Benchmarks.Startup;
using ResNeXt.Cli.Commands;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Commands;

/// <summary>
/// <c>service [--model NAME] [--rounds N] [--set KEY=VALUE...] [--out DIR]</c>: the built service on its defaults
/// against raw ONNX Runtime and a PyTorch + Pillow loop at the same batch, one model busy against two, and the server
/// scenario's p99 against the batch-1 latency, with issue 11's targets. Writes service.json and service.svg to --out.
/// </summary>
internal sealed class ServiceBenchCommand : BaseCommand
{
    private const string DefaultModel = "resnext50-32x4d";
    private const int DefaultRounds = 3;
    private const int DefaultConcurrency = 8;
    private const int DefaultDurationSeconds = 20;
    private const int DefaultWarmupSeconds = 3;
    // A fresh service spent ~2.5 s of CPU on re-compiling its request path during its first ~20 s under load
    // (docs/benchmarks.md, section 5): long enough for that to be over before the first timed point.
    private const int DefaultServiceWarmupSeconds = 20;
    private const int DefaultBaselineWarmup = 2;
    private const int DefaultBaselineIterations = 6;
    private const int DefaultServerDurationSeconds = 10;
    private const int DefaultSearchSteps = 3;
    private const int DefaultMinQueries = 60;
    private const int DefaultReadyTimeoutSeconds = 300;
    private const string DefaultOutput = "benchmarks/results/service-targets";
    private const string ReferenceVariable = "RESNEXT_REFERENCE_DIR";
    private const string ReferenceImage = "pipeline/image02_500x375.png";
    private const string PyTorchPillowScript = "bench_pillow_loop.py";
    private const string JsonFile = "service.json";
    private const string SvgFile = "service.svg";

    private static readonly Option<string> Model = new("--model", "-m") { Description = "Catalogue model to serve and compare.", DefaultValueFactory = _ => DefaultModel };

    private static readonly Option<string> CheckpointDirectory = new("--checkpoint-dir", "--dir")
    {
        Description = "Folder with <model>/<model>.pth (the reference data's layout), <model>.pth or the official file name.",
        HelpName = "path",
        DefaultValueFactory = _ => Path.Combine(ReferenceDirectory, "models"),
    };

    private static readonly Option<string> Image = new("--image")
    {
        Description = "The PNG every request uploads and every PyTorch + Pillow batch decodes.",
        HelpName = "file",
        DefaultValueFactory = _ => Path.Combine(ReferenceDirectory, ReferenceImage),
    };

    private static readonly Option<string?> OnnxModel = new("--onnx-model")
    {
        Description = "ONNX file raw ONNX Runtime runs; default: the torch.onnx export of the checkpoint, cached under ~/.cache/resnext-service/onnx.",
        HelpName = "file",
    };

    private static readonly Option<string?> ServicePath = new("--service") { Description = "The service to start (assembly or executable). Default: src/Api built beside this project.", HelpName = "path" };

    private static readonly Option<int> Rounds = new("--rounds") { Description = "Alternating rounds of service, raw ONNX Runtime and PyTorch + Pillow.", DefaultValueFactory = _ => DefaultRounds };

    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Requests in flight per busy model, and the baselines' batch size.", DefaultValueFactory = _ => DefaultConcurrency };

    private static readonly Option<int> Duration = new("--duration") { Description = "Seconds of timed load per service measurement.", DefaultValueFactory = _ => DefaultDurationSeconds };

    private static readonly Option<int> Warmup = new("--warmup") { Description = "Seconds of untimed load before each service measurement.", DefaultValueFactory = _ => DefaultWarmupSeconds };

    private static readonly Option<int> ServiceWarmup = new("--service-warmup") { Description = "Seconds of untimed load on every measured model once per service start, before its first measurement.", DefaultValueFactory = _ => DefaultServiceWarmupSeconds };

    private static readonly Option<int> BaselineWarmup = new("--baseline-warmup") { Description = "Untimed batches per baseline round.", DefaultValueFactory = _ => DefaultBaselineWarmup };

    private static readonly Option<int> BaselineIterations = new("--baseline-iterations") { Description = "Timed batches per baseline round.", DefaultValueFactory = _ => DefaultBaselineIterations };

    private static readonly Option<int> Threads = new("--threads") { Description = "Threads of both baselines; the service uses its default (every core).", DefaultValueFactory = _ => Environment.ProcessorCount };

    private static readonly Option<int> ServerDuration = new("--server-duration") { Description = "Seconds of Poisson arrivals per server-scenario point.", DefaultValueFactory = _ => DefaultServerDurationSeconds };

    private static readonly Option<int> SearchSteps = new("--search-steps") { Description = "Bisection steps of the p99-bounded rate search.", DefaultValueFactory = _ => DefaultSearchSteps };

    private static readonly Option<int> MinQueries = new("--min-queries") { Description = "Fewest arrivals per server-scenario point.", DefaultValueFactory = _ => DefaultMinQueries };

    private static readonly Option<int> ReadyTimeout = new("--ready-timeout") { Description = "Seconds a service start may take.", DefaultValueFactory = _ => DefaultReadyTimeoutSeconds };

    /// <summary>Internal so tests can read what a command line parses to.</summary>
    internal static readonly Option<string[]> Set = new("--set")
    {
        Description = "A service setting beyond the defaults, as its environment variable, e.g. Batching__AllowSpinning=false; repeatable.",
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    private static readonly Option<string> Python = new("--python") { Description = "Interpreter with torch, torchvision and Pillow.", DefaultValueFactory = _ => PythonScript.DefaultInterpreter };

    private static readonly Option<string> Output = new("--out", "-o") { Description = $"Folder for {JsonFile} and {SvgFile}.", DefaultValueFactory = _ => DefaultOutput };

    static ServiceBenchCommand()
    {
        PathOptions.Folder(Output);
        OptionChecks.AtLeastOne(Rounds, Concurrency, Duration, BaselineIterations, Threads, ServerDuration, SearchSteps, MinQueries, ReadyTimeout);
        OptionChecks.NotNegative(Warmup, ServiceWarmup, BaselineWarmup);
        Set.Validators.Add(result =>
        {
            foreach (var entry in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParseSetting(entry, out _, out _)) result.AddError($"--set: '{entry}' is not KEY=VALUE.");
            }
        });
        Model.Validators.Add(result =>
        {
            if (!ModelCatalog.TryGet(result.GetValueOrDefault<string>() ?? "", out _))
                result.AddError($"--model: use one of {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}.");
        });
    }

    public ServiceBenchCommand()
        : base("service", "The service on its defaults against raw ONNX Runtime and PyTorch + Pillow at batch 8, two models against one, and p99 against batch-1 latency.")
    {
        foreach (var option in new Option[] { Model, CheckpointDirectory, Image, OnnxModel, ServicePath, Rounds, Concurrency, Duration, Warmup,
            ServiceWarmup, BaselineWarmup, BaselineIterations, Threads, ServerDuration, SearchSteps, MinQueries, ReadyTimeout, Set, Python, Output })
            Options.Add(option);
    }

    private static string ReferenceDirectory => Environment.GetEnvironmentVariable(ReferenceVariable) is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "resnext-service", "reference");

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var model = parseResult.GetValue(Model)!;
        var checkpoint = StartupCheckpoint.Resolve(Path.GetFullPath(parseResult.GetValue(CheckpointDirectory)!), model);
        var image = Path.GetFullPath(parseResult.GetValue(Image)!);
        if (!File.Exists(image))
            throw new FileNotFoundException($"{image} does not exist: pass --image FILE.");
        var python = parseResult.GetValue(Python)!;
        var onnx = parseResult.GetValue(OnnxModel) is { } given
            ? Path.GetFullPath(given)
            : OnnxExport.Ensure(python, checkpoint, await Sha256Async(checkpoint, cancellationToken), ModelCatalog.Get(model).Spec, OnnxExport.DefaultCacheFolder);
        var settings = new ServiceBenchmarkSettings(model, checkpoint, image, onnx,
            parseResult.GetValue(ServicePath) is { } path ? ServiceCommand.For(Path.GetFullPath(path)) : ServiceCommand.Locate(),
            PythonScript.Locate(python, PyTorchPillowScript), parseResult.GetValue(Rounds), parseResult.GetValue(Concurrency),
            TimeSpan.FromSeconds(parseResult.GetValue(Duration)), TimeSpan.FromSeconds(parseResult.GetValue(Warmup)),
            TimeSpan.FromSeconds(parseResult.GetValue(ServiceWarmup)), parseResult.GetValue(BaselineWarmup), parseResult.GetValue(BaselineIterations), parseResult.GetValue(Threads),
            TimeSpan.FromSeconds(parseResult.GetValue(ServerDuration)), parseResult.GetValue(SearchSteps), parseResult.GetValue(MinQueries),
            TimeSpan.FromSeconds(parseResult.GetValue(ReadyTimeout)), Settings(parseResult.GetValue(Set)!));
        var report = await ServiceBenchmark.RunAsync(settings, stdout, cancellationToken);
        ServiceBenchmarkText.Write(stdout, report);
        Save(parseResult.GetValue(Output)!, report, stdout);
        return ExitCodes.Success;
    }

    internal static IReadOnlyDictionary<string, string> Settings(IEnumerable<string> entries)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (TryParseSetting(entry, out var key, out var value))
                settings[key] = value;
        }
        return settings;
    }

    private static bool TryParseSetting(string entry, out string key, out string value)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        key = equals > 0 ? entry[..equals] : "";
        value = equals > 0 ? entry[(equals + 1)..] : "";
        return equals > 0;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static void Save(string folder, ServiceBenchmarkReport report, TextWriter output) =>
        ReportFiles.Save(folder, JsonFile, SvgFile, report, ServiceBenchmarkChart.Render(report), output);
}
