using System.Diagnostics;
using System.Globalization;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// Forward throughput of the engine as this install configures it (backend, threads), round after round, so a user can
/// see what their machine gives and how much it varies. Comparisons with other runtimes live in the repository's
/// benchmarks project, not here: the shipped CLI needs nothing but itself.
/// </summary>
internal static class EngineBench
{
    public static EngineBenchReport Run(EngineBenchSettings settings, TextWriter progress)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = MachineInfo.Current();
        var options = new ResNeXtEngineOptions(settings.Model, IntraOpThreads: settings.Threads, Backend: settings.Backend);
        var stopwatch = Stopwatch.StartNew();
        using var engine = EngineFactory.Load(settings.CheckpointPath, options);
        var loadSeconds = stopwatch.Elapsed.TotalSeconds;
        var timer = new EngineTimer(engine);
        var rounds = settings.BatchSizes.ToDictionary(b => b, _ => new List<double[]>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var batch in settings.BatchSizes)
                rounds[batch].Add(timer.Measure(batch, settings.Warmup, settings.Iterations));
            progress.WriteLine(Invariant($"round {round + 1}/{settings.Rounds}: ") +
                string.Join(", ", settings.BatchSizes.Select(b => Invariant($"b{b} {b / Spread.MedianOf(rounds[b][^1]):F2} img/s"))));
        }
        return new EngineBenchReport(engine.Name ?? Path.GetFileNameWithoutExtension(settings.CheckpointPath), settings.Backend.ToName(), settings.CheckpointPath, settings.Threads,
            settings.Rounds, settings.Warmup, settings.Iterations, startedAt, machine, MachineInfo.CurrentLoadAverage(), loadSeconds,
            Process.GetCurrentProcess().PeakWorkingSet64, [.. settings.BatchSizes.Select(b => BatchResult.Summarise(b, rounds[b]))]);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
