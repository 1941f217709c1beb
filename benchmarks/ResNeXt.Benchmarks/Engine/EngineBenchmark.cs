using System.Diagnostics;
using System.Globalization;
using ResNeXt.Cli.Benchmarking.Engine;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Engine;

/// <summary>
/// Forward throughput of our engine (each backend) against PyTorch eager and raw ONNX Runtime, alternating the
/// contenders round by round so slow phases of a shared machine spread over all of them instead of one.
/// </summary>
internal static class EngineBenchmark
{
    public const string OnnxRuntimeBackend = "engine, onnxruntime backend";
    public const string TorchSharpBackend = "engine, torchsharp backend";
    public const string TorchSharpWithGlibcDefaults = "engine, torchsharp backend, glibc malloc defaults";
    public const string PyTorch = "PyTorch eager";
    public const string PyTorchNoTrim = "PyTorch eager, malloc no-trim";
    public const string OnnxRuntime = "raw ONNX Runtime";
    private const string PyTorchScript = "bench_engine.py";

    /// <summary>
    /// The ratios reported, numerator over denominator, where both ran: the ONNX Runtime backend against its anchor (the
    /// same ORT on torch.onnx's export) and against PyTorch, the TorchSharp backend against PyTorch (the two run the same
    /// libtorch kernels), the backends against each other, and with the ablation what the allocator policy gives.
    /// </summary>
    public static IReadOnlyList<(string Numerator, string Denominator)> RatioPairs { get; } =
    [
        (OnnxRuntimeBackend, OnnxRuntime),
        (OnnxRuntimeBackend, PyTorch),
        (TorchSharpBackend, PyTorch),
        (OnnxRuntimeBackend, TorchSharpBackend),
        (TorchSharpBackend, PyTorchNoTrim),
        (TorchSharpBackend, TorchSharpWithGlibcDefaults),
    ];

    public static EngineBenchmarkReport Run(EngineBenchmarkSettings settings, TextWriter progress)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = MachineInfo.Current();
        var contenders = CreateContenders(settings);
        try
        {
            var rounds = contenders.ToDictionary(c => c.Name, _ => new List<IReadOnlyDictionary<int, double[]>>());
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var contender in RoundOrder.Rotate(contenders, round))
                {
                    var times = contender.MeasureRound(settings.BatchSizes, settings.Warmup, settings.Iterations);
                    rounds[contender.Name].Add(times);
                    progress.WriteLine(Invariant($"round {round + 1}/{settings.Rounds} {contender.Name}: ") +
                        string.Join(", ", times.Select(t => Invariant($"b{t.Key} {t.Key / Spread.MedianOf(t.Value):F2} img/s"))));
                }
            }
            var results = contenders.Select(c => Summarise(c, rounds[c.Name], settings.BatchSizes)).ToList();
            RequireSameOnnxRuntime(results);
            return new EngineBenchmarkReport(settings.Model, settings.CheckpointPath, settings.Threads, settings.Rounds,
                settings.Warmup, settings.Iterations, startedAt, machine, MachineInfo.CurrentLoadAverage(),
                Process.GetCurrentProcess().PeakWorkingSet64, results, Ratios(rounds, settings.BatchSizes));
        }
        finally
        {
            foreach (var contender in contenders)
                contender.Dispose();
        }
    }

    private static List<IEngineContender> CreateContenders(EngineBenchmarkSettings settings)
    {
        if (settings.Backends.Count == 0)
            throw new ArgumentException("At least one backend of our engine must run: the ratios are ours over the baselines'.", nameof(settings));
        var expected = ModelCatalog.Entries.FirstOrDefault(e => e.Name == settings.Model);
        var options = new ResNeXtEngineOptions(expected, IntraOpThreads: settings.Threads);
        List<IEngineContender> contenders = [];
        InProcessEngineContender? anyEngine = null;
        try
        {
            foreach (var backend in settings.Backends)
            {
                if (backend == EngineBackend.OnnxRuntime)
                {
                    var onnxRuntime = new InProcessEngineContender(OnnxRuntimeBackend, settings.CheckpointPath,
                        options with { Backend = EngineBackend.OnnxRuntime }, retainActivationMemory: null);
                    contenders.Add(onnxRuntime);
                    anyEngine ??= onnxRuntime;
                }
                else
                {
                    var torch = new InProcessEngineContender(TorchSharpBackend, settings.CheckpointPath,
                        options with { Backend = EngineBackend.TorchSharp }, retainActivationMemory: true);
                    contenders.Add(torch);
                    anyEngine ??= torch;
                    if (settings.AllocatorAblation)
                        contenders.Add(torch.WithAllocatorPolicy(TorchSharpWithGlibcDefaults, retainActivationMemory: false));
                }
            }
            if (settings.ComparePyTorch)
            {
                var script = PythonScript.Locate(settings.Python, PyTorchScript);
                string[] model = ["--checkpoint", settings.CheckpointPath, .. BaselineContender.ArchitectureArguments(anyEngine!.Spec)];
                contenders.Add(new BaselineContender(PyTorch, script, model, settings.Threads));
                if (settings.AllocatorAblation)
                    contenders.Add(new BaselineContender(PyTorchNoTrim, script, model, settings.Threads, MallocTunables.NoTrim));
            }
            if (settings.CompareOnnxRuntime)
            {
                var onnx = settings.OnnxModel ?? OnnxExport.Ensure(settings.Python, settings.CheckpointPath, anyEngine!.Sha256, anyEngine.Spec, OnnxExport.DefaultCacheFolder);
                contenders.Add(new BaselineContender(OnnxRuntime, OnnxRuntimeBaseline.Locate(), ["--model", onnx], settings.Threads));
            }
            return contenders;
        }
        catch
        {
            foreach (var contender in contenders)
                contender.Dispose();
            throw;
        }
    }

    private static ContenderResult Summarise(IEngineContender contender, List<IReadOnlyDictionary<int, double[]>> rounds, IReadOnlyList<int> batchSizes) =>
        new(contender.Name, contender.Runtime, contender.LoadSeconds, [.. batchSizes.Select(batch => BatchResult.Summarise(batch, rounds.Select(r => r[batch])))]);

    /// <summary>
    /// The raw ONNX Runtime baseline anchors the onnxruntime backend only on the same ORT (both take the central
    /// package version); a mismatch, e.g. a stale baseline build, would make their ratio compare two releases.
    /// </summary>
    private static void RequireSameOnnxRuntime(IReadOnlyList<ContenderResult> results)
    {
        var ours = results.FirstOrDefault(r => r.Name == OnnxRuntimeBackend)?.Runtime;
        var anchor = results.FirstOrDefault(r => r.Name == OnnxRuntime)?.Runtime;
        if (ours is not null && anchor is not null && ours != anchor)
            throw new InvalidOperationException($"The raw ONNX Runtime baseline ran {anchor} but the onnxruntime backend {ours}: rebuild benchmarks/OnnxRuntimeBaseline.");
    }

    /// <summary>Each of <see cref="RatioPairs"/> whose two sides ran, per batch size, from the rounds' paired medians.</summary>
    private static List<RatioResult> Ratios(Dictionary<string, List<IReadOnlyDictionary<int, double[]>>> rounds, IReadOnlyList<int> batchSizes) =>
        [.. from pair in RatioPairs
            where rounds.ContainsKey(pair.Numerator) && rounds.ContainsKey(pair.Denominator)
            from batch in batchSizes
            let ratios = rounds[pair.Numerator].Zip(rounds[pair.Denominator], (mine, theirs) => Spread.MedianOf(theirs[batch]) / Spread.MedianOf(mine[batch]))
            select new RatioResult(pair.Numerator, pair.Denominator, batch, Spread.Of(ratios))];

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
