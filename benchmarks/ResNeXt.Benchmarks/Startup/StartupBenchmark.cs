using System.Globalization;
using ResNeXt.Benchmarks.Engine;
using ResNeXt.Cli.Metrics;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// Start-up time and memory of the real service, one fresh process per model and backend per round, beside PyTorch eager
/// loading the same checkpoint. Models rotate round by round and so do the backends and PyTorch within each model (see
/// <see cref="StartupRun"/>), so a slow phase of a shared machine spreads over all of them instead of landing on one.
/// </summary>
internal static class StartupBenchmark
{
    /// <summary>Beyond the service's own Shutdown:Timeout (30 s by default), so only a hung shutdown hits it.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The first forward passes are the ones whose memory matters; there is nothing to warm up for.</summary>
    private const int PyTorchWarmup = 0;

    /// <summary>The service's own measure of a model's load (resnext.model.load.duration), summed over its loads.</summary>
    private static readonly string ModelLoadSecondsSum = PrometheusText.NameOf(InferenceMetrics.ModelLoadDurationInstrument) + "_seconds_sum";

    private const string Production = "Production";
    private const string QuietLogLevel = "Warning";

    /// <summary>
    /// The service has no load balancer to leave here, so it stops accepting at once instead of after the 5 s default.
    /// </summary>
    private const string NoGracePeriod = "00:00:00";

    public static async Task<StartupBenchmarkReport> RunAsync(StartupBenchmarkSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = MachineInfo.Current();
        // Every checkpoint is found before the first round, so a typo fails in a second rather than after an hour.
        var checkpoints = settings.Models.ToDictionary(m => m, m => StartupCheckpoint.Resolve(settings.CheckpointDirectory, m), StringComparer.Ordinal);
        var specs = settings.PyTorch is null ? [] : settings.Models.ToDictionary(m => m, m => SpecOf(m, checkpoints[m]), StringComparer.Ordinal);
        var image = ProbeImage.Create();
        var service = settings.Models.ToDictionary(m => m, _ => settings.Backends.ToDictionary(b => b, _ => new List<ServiceRound>()), StringComparer.Ordinal);
        var pytorch = settings.Models.ToDictionary(m => m, _ => new List<PyTorchRound>(), StringComparer.Ordinal);
        string? torchVersion = null;

        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var run in StartupRun.InRound(settings.Models, settings.Backends, settings.PyTorch is not null, round - 1))
            {
                var checkpoint = checkpoints[run.Model];
                if (run.Backend is { } backend)
                {
                    service[run.Model][backend].Add(await MeasureServiceAsync(settings, round, run.Model, backend, checkpoint, image, progress, cancellationToken));
                }
                else if (settings.PyTorch is { } script)
                {
                    var (result, version) = MeasurePyTorch(settings, script, round, run.Model, checkpoint, specs[run.Model], progress);
                    pytorch[run.Model].Add(result);
                    torchVersion = version;
                }
            }
        }

        var results = settings.Models.Select(m => StartupModelResult.Of(m, checkpoints[m],
            settings.Backends.Select(b => KeyValuePair.Create(b.ToName(), (IReadOnlyList<ServiceRound>)service[m][b])), pytorch[m])).ToList();
        return new StartupBenchmarkReport(settings.Service.ToString(), [.. settings.Backends.Select(b => b.ToName())], settings.Rounds,
            settings.Concurrency, settings.Waves, settings.Threads, torchVersion, startedAt, machine, MachineInfo.CurrentLoadAverage(), results);
    }

    /// <summary>The service's environment: only the model under test, preloaded by the backend under test, quiet, on its own port.</summary>
    internal static Dictionary<string, string> ServiceSettings(string model, EngineBackend backend, string checkpoint, int threads) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = Production,
        ["Logging__LogLevel__Default"] = QuietLogLevel,
        ["Models__Directory"] = Path.GetDirectoryName(checkpoint)!,
        // Named explicitly because the folder may hold other files the registry would also accept under this name
        // (the reference data has tiny.safetensors beside tiny.pth): both runtimes must load the very same file.
        [$"Models__Checkpoints__{model}"] = checkpoint,
        ["Models__Preload__0"] = model,
        ["Models__Backend"] = backend.ToName(),
        ["Models__WatchForChanges"] = bool.FalseString,
        ["Batching__IntraOpThreads"] = Invariant(threads),
        ["Shutdown__GracePeriod"] = NoGracePeriod,
    };

    private static async Task<ServiceRound> MeasureServiceAsync(StartupBenchmarkSettings settings, int round, string model, EngineBackend backend,
        string checkpoint, byte[] image, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var process = ServiceProcess.Start(settings.Service, LoopbackPort.Free(), ServiceSettings(model, backend, checkpoint, settings.Threads));
        await process.WaitUntilReadyAsync(model, settings.ReadyTimeout, cancellationToken);
        var ready = process.Elapsed.TotalSeconds;
        var readyMemory = ProcessMemory.Read(process.Id);
        // Read after the memory, so the request cannot add to it: a setting the service ignored would otherwise pass
        // one backend's figures off as the other's.
        var serving = await process.BackendAsync(model, cancellationToken);
        if (serving != backend.ToName())
            throw new InvalidOperationException($"The service was started with Models__Backend={backend.ToName()} but serves {model} with {serving}.");
        await process.PredictAsync(model, image, cancellationToken);
        var firstPrediction = process.Elapsed.TotalSeconds;
        for (var wave = 0; wave < settings.Waves; wave++)
            await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => process.PredictAsync(model, image, cancellationToken)));
        var steady = ProcessMemory.Read(process.Id);
        var load = PrometheusText.Total(await process.MetricsAsync(cancellationToken), ModelLoadSecondsSum, new Dictionary<string, string> { [InferenceTelemetry.ModelTag] = model });
        var exitCode = await process.StopAsync(ShutdownTimeout, cancellationToken);

        var result = new ServiceRound(round, ready, firstPrediction, load, readyMemory.PeakRssBytes, steady.PeakRssBytes, steady.RssBytes, exitCode);
        progress.WriteLine(Invariant($"round {round}/{settings.Rounds} {model} service/{backend.ToName()}: ready {ready:F2} s, first prediction {firstPrediction:F2} s") +
            (load is { } seconds ? Invariant($", model load {seconds:F2} s") : "") +
            $"; peak RSS {ByteSize.Format(result.ReadyPeakRssBytes)} at ready, {ByteSize.Format(result.SteadyPeakRssBytes)} after {settings.Waves}x{settings.Concurrency} requests" +
            (exitCode == 0 ? "" : Invariant($"; exited with {exitCode} after SIGTERM")));
        return result;
    }

    private static (PyTorchRound Round, string TorchVersion) MeasurePyTorch(StartupBenchmarkSettings settings, PythonScript script, int round,
        string model, string checkpoint, ResNeXtSpec spec, TextWriter progress)
    {
        using var contender = new BaselineContender(EngineBenchmark.PyTorch, script, ["--checkpoint", checkpoint, .. BaselineContender.ArchitectureArguments(spec)], settings.Threads);
        var spawnedAt = DateTimeOffset.UtcNow;
        contender.MeasureRound([settings.Concurrency], PyTorchWarmup, settings.Waves);
        var result = new PyTorchRound(round, (contender.ReadyAt - spawnedAt).TotalSeconds, contender.LoadSeconds, contender.PeakRssBytes);
        progress.WriteLine(Invariant($"round {round}/{settings.Rounds} {model} PyTorch: ready {result.ReadySeconds:F2} s (torch.load and load_state_dict {result.LoadSeconds:F2} s)") +
            $"; peak RSS {ByteSize.Format(result.PeakRssBytes)} after {settings.Waves}x batch {settings.Concurrency}");
        return (result, contender.Runtime);
    }

    /// <summary>
    /// The architecture the PyTorch script must build: the catalogue's, or for any other checkpoint read off its shapes,
    /// which means loading it once here (cheap for the small models outside the catalogue that tests use).
    /// </summary>
    private static ResNeXtSpec SpecOf(string model, string checkpoint)
    {
        if (ModelCatalog.TryGet(model, out var entry))
            return entry.Spec;
        using var loaded = CheckpointLoader.Load(checkpoint);
        return loaded.Model.Spec;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
