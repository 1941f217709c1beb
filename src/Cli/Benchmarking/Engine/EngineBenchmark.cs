using System.Diagnostics;
using System.Globalization;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// Forward throughput of the engine against PyTorch eager and ONNX Runtime, alternating the
/// contenders round by round so slow phases of a shared machine spread over all of them instead of one.
/// </summary>
internal static class EngineBenchmark
{
    public const string Engine = "TorchSharp engine";

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
            return new EngineBenchmarkReport(settings.Model, settings.CheckpointPath, settings.Threads, settings.Rounds,
                settings.Warmup, settings.Iterations, startedAt, machine, MachineInfo.CurrentLoadAverage(),
                Process.GetCurrentProcess().PeakWorkingSet64, results, Ratios(contenders, rounds, settings.BatchSizes));
        }
        finally
        {
            foreach (var contender in contenders)
                contender.Dispose();
        }
    }

    public const string EngineWithGlibcDefaults = "TorchSharp engine, glibc malloc defaults";
    public const string PyTorch = "PyTorch eager";
    public const string PyTorchNoTrim = "PyTorch eager, malloc no-trim";
    public const string OnnxRuntime = "ONNX Runtime";
    private const string PyTorchScript = "bench_engine.py";

    private static List<IEngineContender> CreateContenders(EngineBenchmarkSettings settings)
    {
        var expected = ModelCatalog.Entries.FirstOrDefault(e => e.Name == settings.Model);
        var options = new ResNeXtEngineOptions(expected, IntraOpThreads: settings.Threads);
        var engine = new TorchSharpContender(Engine, settings.CheckpointPath, options, retainActivationMemory: true);
        List<IEngineContender> contenders = [engine];
        if (settings.AllocatorAblation)
            contenders.Add(engine.WithAllocatorPolicy(EngineWithGlibcDefaults, retainActivationMemory: false));
        if (settings.ComparePyTorch)
        {
            var script = PythonScript.Locate(settings.Python, PyTorchScript);
            string[] model = ["--checkpoint", settings.CheckpointPath, .. BaselineContender.ArchitectureArguments(engine.Spec)];
            contenders.Add(new BaselineContender(PyTorch, script, model, settings.Threads));
            if (settings.AllocatorAblation)
                contenders.Add(new BaselineContender(PyTorchNoTrim, script, model, settings.Threads, MallocTunables.NoTrim));
        }
        if (settings.CompareOnnxRuntime)
        {
            var onnx = settings.OnnxModel ?? OnnxExport.Ensure(settings.Python, settings.CheckpointPath, engine.Sha256, engine.Spec, OnnxExport.DefaultCacheFolder);
            contenders.Add(new BaselineContender(OnnxRuntime, OnnxRuntimeBaseline.Locate(), ["--model", onnx], settings.Threads));
        }
        return contenders;
    }

    private static ContenderResult Summarise(IEngineContender contender, List<IReadOnlyDictionary<int, double[]>> rounds, IReadOnlyList<int> batchSizes) =>
        new(contender.Name, contender.LoadSeconds, [.. batchSizes.Select(batch =>
        {
            var perRound = rounds.Select(r => Spread.MedianOf(r[batch])).ToList();
            return new BatchResult(batch, Spread.Of(perRound.Select(s => batch / s)), Spread.Of(perRound.Select(s => s * 1000)));
        })]);

    /// <summary>The engine over every other contender, per batch size, from the rounds' paired medians.</summary>
    private static List<RatioResult> Ratios(
        List<IEngineContender> contenders, Dictionary<string, List<IReadOnlyDictionary<int, double[]>>> rounds, IReadOnlyList<int> batchSizes) =>
        [.. from other in contenders.Skip(1)
            from batch in batchSizes
            let ratios = rounds[Engine].Zip(rounds[other.Name], (mine, theirs) => Spread.MedianOf(theirs[batch]) / Spread.MedianOf(mine[batch]))
            select new RatioResult(Engine, other.Name, batch, Spread.Of(ratios))];

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
