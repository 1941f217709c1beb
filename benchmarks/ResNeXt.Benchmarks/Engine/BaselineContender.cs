using System.Globalization;
using System.Text.Json;
using ResNeXt.Inference.Model;

namespace ResNeXt.Benchmarks.Engine;

/// <summary>
/// A baseline runtime in its own process (PyTorch eager via tests/reference/bench_engine.py, ONNX Runtime via
/// benchmarks/OnnxRuntimeBaseline) on the same weights with the same thread count. A fresh process per round keeps it
/// from sharing an address space or OpenMP pool with the engine, at the price of a model load per round.
/// </summary>
/// <param name="modelArguments">What tells the program which model to run (checkpoint and architecture, or an ONNX file).</param>
/// <param name="environment">Extra variables for the baseline's process, e.g. <see cref="MallocTunables.NoTrim"/>.</param>
internal sealed class BaselineContender(string name, IBaselineProgram program, IReadOnlyList<string> modelArguments, int threads,
    IReadOnlyDictionary<string, string>? environment = null)
    : IEngineContender
{
    public string Name { get; } = name;

    public double LoadSeconds { get; private set; }

    /// <summary>The last round's peak resident set of the baseline's process, in bytes.</summary>
    public long PeakRssBytes { get; private set; }

    /// <summary>The last round's wall-clock time at which the baseline's model was ready to run.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>The runtime and its version, as the baseline reports it (e.g. "torch 1.13.0").</summary>
    public string Runtime { get; private set; } = "";

    public IReadOnlyDictionary<int, double[]> MeasureRound(IReadOnlyList<int> batchSizes, int warmup, int iterations)
    {
        var result = program.Run([.. modelArguments,
            "--threads", Invariant(threads), "--warmup", Invariant(warmup), "--iterations", Invariant(iterations),
            "--batch", .. batchSizes.Select(Invariant)], environment);
        LoadSeconds = result.GetProperty("load_s").GetDouble();
        PeakRssBytes = result.GetProperty("peak_rss_bytes").GetInt64();
        ReadyAt = DateTimeOffset.UnixEpoch.AddSeconds(result.GetProperty("ready_at_unix_s").GetDouble());
        Runtime = result.GetProperty("runtime").GetString() ?? "";
        var batches = result.GetProperty("batches");
        return batchSizes.ToDictionary(batch => batch, batch => Seconds(batches.GetProperty(Invariant(batch))));
    }

    /// <summary>bench_engine.py's and export_onnx.py's description of the architecture the checkpoint holds.</summary>
    public static IReadOnlyList<string> ArchitectureArguments(ResNeXtSpec spec) =>
    [
        "--blocks", .. spec.BlocksPerStage.Select(Invariant),
        "--groups", Invariant(spec.Groups), "--width", Invariant(spec.WidthPerGroup),
        "--base", Invariant(spec.BaseChannels), "--stem", Invariant(spec.StemChannels),
    ];

    private static double[] Seconds(JsonElement values) => [.. values.EnumerateArray().Select(v => v.GetDouble())];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
    }
}
