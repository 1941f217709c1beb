using System.Globalization;
using ResNeXt.Benchmarks.Engine;
using ResNeXt.Benchmarks.Startup;
using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Benchmarks.Service;

/// <summary>
/// The service on its defaults against what users would run instead, in alternating rounds: offline throughput with
/// one model busy and with two busy at once (one service process per round, both names preloaded from the same
/// checkpoint), raw ONNX Runtime at the same batch and a PyTorch + Pillow loop, each in a fresh process per round. Then
/// once, in a fresh service, the server scenario: batch-1 latency and p99 at 70% of the offline maximum.
/// </summary>
internal static class ServiceBenchmark
{
    private const string Production = "Production";
    private const string QuietLogLevel = "Warning";
    private const string NoGracePeriod = "00:00:00";
    private const string PngMediaType = "image/png";
    private const int Seed = 20240601;

    /// <summary>Beyond the service's own Shutdown:Timeout (30 s by default), so only a hung shutdown hits it.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Far above any answer at these loads; only a hung request reaches it, and it then counts as an error.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ServiceBenchmarkReport> RunAsync(ServiceBenchmarkSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = MachineInfo.Current();
        var image = await File.ReadAllBytesAsync(settings.ImagePath, cancellationToken);
        var onnxRuntime = new BaselineContender(EngineBenchmark.OnnxRuntime, Engine.OnnxRuntimeBaseline.Locate(), ["--model", settings.OnnxModelPath], settings.Threads);
        var pytorch = new BaselineContender("PyTorch + Pillow", settings.PyTorchPillow,
            ["--checkpoint", settings.CheckpointPath, .. BaselineContender.ArchitectureArguments(Spec(settings)), "--image", settings.ImagePath], settings.Threads);
        var contenders = new Contender[] { Contender.Service, Contender.OnnxRuntime, Contender.PyTorchPillow };
        var rounds = new List<ServiceBenchmarkRound>();

        for (var round = 1; round <= settings.Rounds; round++)
        {
            double one = 0, two = 0, ort = 0, torch = 0;
            var errors = 0;
            foreach (var contender in RoundOrder.Rotate(contenders, round - 1))
            {
                switch (contender)
                {
                    case Contender.Service:
                        (one, two, errors) = await MeasureServiceAsync(settings, image, round, progress, cancellationToken);
                        break;
                    case Contender.OnnxRuntime:
                        ort = MeasureBaseline(onnxRuntime, settings);
                        progress.WriteLine(Invariant($"round {round}/{settings.Rounds} raw ONNX Runtime, batch {settings.Concurrency}: {ort:F2} img/s"));
                        break;
                    default:
                        torch = MeasureBaseline(pytorch, settings);
                        progress.WriteLine(Invariant($"round {round}/{settings.Rounds} PyTorch + Pillow, batch {settings.Concurrency}: {torch:F2} img/s"));
                        break;
                }
            }
            rounds.Add(new ServiceBenchmarkRound(round, one, two, ort, torch, errors));
        }

        var latency = await MeasureLatencyAsync(settings, image, progress, cancellationToken);
        return new ServiceBenchmarkReport(settings.Model, Path.GetFileName(settings.ImagePath), PngMediaType, settings.Concurrency, settings.Threads,
            settings.ServiceSettings, onnxRuntime.Runtime, pytorch.Runtime, startedAt, machine, MachineInfo.CurrentLoadAverage(), rounds, latency);
    }

    /// <summary>
    /// The service's environment: its defaults, except where the benchmark must say what to serve (the one checkpoint
    /// under two names, preloaded, no file watching) and how quietly; <see cref="ServiceBenchmarkSettings.ServiceSettings"/> last.
    /// </summary>
    internal static Dictionary<string, string> ServiceEnvironment(ServiceBenchmarkSettings settings)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = Production,
            ["Logging__LogLevel__Default"] = QuietLogLevel,
            ["Models__Directory"] = Path.GetDirectoryName(settings.CheckpointPath)!,
            [$"Models__Checkpoints__{settings.Model}"] = settings.CheckpointPath,
            [$"Models__Checkpoints__{settings.SecondModel}"] = settings.CheckpointPath,
            ["Models__Preload__0"] = settings.Model,
            ["Models__Preload__1"] = settings.SecondModel,
            ["Models__WatchForChanges"] = bool.FalseString,
            ["Shutdown__GracePeriod"] = NoGracePeriod,
        };
        foreach (var (key, value) in settings.ServiceSettings)
            environment[key] = value;
        return environment;
    }

    /// <summary>Images per second of a baseline round: the batch over the median seconds per batch.</summary>
    internal static double ImagesPerSecond(int batch, IReadOnlyList<double> secondsPerBatch) =>
        secondsPerBatch.Count == 0 ? 0 : batch / Spread.MedianOf(secondsPerBatch);

    private static double MeasureBaseline(BaselineContender contender, ServiceBenchmarkSettings settings)
    {
        var seconds = contender.MeasureRound([settings.Concurrency], settings.BaselineWarmup, settings.BaselineIterations);
        return ImagesPerSecond(settings.Concurrency, seconds[settings.Concurrency]);
    }

    private static async Task<(double One, double Two, int Errors)> MeasureServiceAsync(
        ServiceBenchmarkSettings settings, byte[] image, int round, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var process = await StartAsync(settings, cancellationToken);
        using var client = new HttpClient { Timeout = RequestTimeout };
        var warmupErrors = await WarmUpAsync(settings, client, process.BaseAddress, image, [settings.Model, settings.SecondModel], progress, cancellationToken);
        var loadSettings = LoadSettings(settings, process.BaseAddress, LoadScenario.Offline);
        var first = new LoadDriver(new ServiceTarget(client, process.BaseAddress, settings.Model, image, PngMediaType), loadSettings);
        var second = new LoadDriver(new ServiceTarget(client, process.BaseAddress, settings.SecondModel, image, PngMediaType), loadSettings);

        // Alternate which of the two goes first within the process too (a warmer heap, a grown thread pool).
        LoadPoint one = null!;
        LoadPoint[] two = [];
        foreach (var both in round % 2 == 1 ? new[] { false, true } : [true, false])
        {
            if (both)
                two = await Task.WhenAll(first.OfflineAsync(settings.Concurrency, cancellationToken), second.OfflineAsync(settings.Concurrency, cancellationToken));
            else
                one = await first.OfflineAsync(settings.Concurrency, cancellationToken);
        }
        await process.StopAsync(ShutdownTimeout, cancellationToken);

        var aggregate = two.Sum(p => p.ImagesPerSecond);
        var errors = warmupErrors + one.Errors.Total + two.Sum(p => p.Errors.Total);
        progress.WriteLine(Invariant($"round {round}/{settings.Rounds} service, one model at concurrency {settings.Concurrency}: {LoadTest.Describe(one)}"));
        progress.WriteLine(Invariant($"round {round}/{settings.Rounds} service, two models at once: {aggregate:F2} img/s in all ({string.Join(" + ", two.Select(p => p.ImagesPerSecond.ToString("F2", CultureInfo.InvariantCulture)))}), errors {errors}"));
        return (one.ImagesPerSecond, aggregate, errors);
    }

    private static async Task<ServiceLatency> MeasureLatencyAsync(
        ServiceBenchmarkSettings settings, byte[] image, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine("server scenario: batch-1 latency, offline maximum, p99-bounded rate search, then the run at 70% of the maximum");
        await using var process = await StartAsync(settings, cancellationToken);
        using var client = new HttpClient { Timeout = RequestTimeout };
        var warmupErrors = await WarmUpAsync(settings, client, process.BaseAddress, image, [settings.Model], progress, cancellationToken);
        var target = new ServiceTarget(client, process.BaseAddress, settings.Model, image, PngMediaType);
        var report = await LoadTest.RunAsync(LoadSettings(settings, process.BaseAddress, LoadScenario.Server), target, progress, cancellationToken);
        await process.StopAsync(ShutdownTimeout, cancellationToken);
        var server = report.Server!;
        var at = server.AtLoadFraction;
        return new ServiceLatency(report.Batch1LatencyMs!.Value, report.OfflineMaxImagesPerSecond, server.MaxRateMeetingBound, server.LoadFraction,
            at.OfferedRate ?? 0, at.LatencyMs?.P50, at.LatencyMs?.P99, at.MeanBatchSize, warmupErrors + report.TotalErrors, server.Batch1PassMs,
            server.ImageMs, server.IdealFifoP99Ms);
    }

    /// <summary>
    /// <see cref="ServiceBenchmarkSettings.ServiceWarmup"/> of untimed closed-loop load on <paramref name="models"/> at once,
    /// right after a start: each phase starts a fresh process, whose first measured point would otherwise also pay for the
    /// runtime's tiered re-compilation of the request path, which a long-running service has long finished. Its errors
    /// count like any other: nothing may be lost while warming either.
    /// </summary>
    private static async Task<int> WarmUpAsync(ServiceBenchmarkSettings settings, HttpClient client, Uri url, byte[] image,
        IReadOnlyList<string> models, TextWriter progress, CancellationToken cancellationToken)
    {
        if (settings.ServiceWarmup <= TimeSpan.Zero)
            return 0;
        progress.WriteLine(Invariant($"warming up the fresh service: {settings.ServiceWarmup.TotalSeconds:F0} s of untimed load on {string.Join(" and ", models)}"));
        var loadSettings = LoadSettings(settings, url, LoadScenario.Offline);
        var points = await Task.WhenAll(models.Select(model => new LoadDriver(new ServiceTarget(client, url, model, image, PngMediaType), loadSettings)
            .WarmUpAsync(settings.Concurrency, settings.ServiceWarmup, cancellationToken)));
        return points.Sum(p => p.Errors.Total);
    }

    private static async Task<ServiceProcess> StartAsync(ServiceBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var process = ServiceProcess.Start(settings.Service, LoopbackPort.Free(), ServiceEnvironment(settings));
        try
        {
            await process.WaitUntilReadyAsync(settings.Model, settings.ReadyTimeout, cancellationToken);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The CLI load test's settings for one phase; server points only use the search and schedule ones.</summary>
    private static LoadTestSettings LoadSettings(ServiceBenchmarkSettings settings, Uri url, LoadScenario scenario) => new(
        url, settings.Model, settings.ImagePath, scenario, [settings.Concurrency], settings.Duration, Requests: null, settings.Warmup,
        P99BoundMs: null, LoadTest.DefaultLoadFraction, settings.SearchSteps, settings.ServerDuration, settings.MinQueries, Seed, RequestTimeout,
        EngineJsonPath: null, EngineBatch: null);

    private static Inference.Model.ResNeXtSpec Spec(ServiceBenchmarkSettings settings) =>
        Inference.Registry.ModelCatalog.TryGet(settings.Model, out var entry)
            ? entry.Spec
            : throw new ArgumentException($"{settings.Model} is not a catalogue model.");

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private enum Contender
    {
        Service,
        OnnxRuntime,
        PyTorchPillow,
    }
}
