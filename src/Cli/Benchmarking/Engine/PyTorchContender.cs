using System.Globalization;
using System.Text.Json;
using ResNeXt.Inference.Model;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// PyTorch eager (tests/reference/bench_engine.py) on the same checkpoint with the same thread count. A fresh process per
/// round keeps the two runtimes from sharing one address space and OpenMP pool, at the price of a model load per round.
/// </summary>
internal sealed class PyTorchContender(PythonScript script, string checkpointPath, ResNeXtSpec spec, int threads, bool channelsLast)
    : IEngineContender
{
    public string Name { get; } = channelsLast ? "PyTorch eager (channels-last)" : "PyTorch eager";

    public double LoadSeconds { get; private set; }

    /// <summary>The last round's wall clock when the model was loaded: minus the spawn time, start-to-ready.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>The last round's peak resident set of the Python process, in bytes.</summary>
    public long PeakRssBytes { get; private set; }

    public string TorchVersion { get; private set; } = "";

    public IReadOnlyDictionary<int, double[]> MeasureRound(IReadOnlyList<int> batchSizes, int warmup, int iterations)
    {
        var result = script.Run(Arguments(batchSizes, warmup, iterations));
        LoadSeconds = result.GetProperty("load_s").GetDouble();
        ReadyAt = DateTimeOffset.UnixEpoch.AddSeconds(result.GetProperty("ready_at_unix_s").GetDouble());
        PeakRssBytes = result.GetProperty("peak_rss_bytes").GetInt64();
        TorchVersion = result.GetProperty("torch").GetString() ?? "";
        var batches = result.GetProperty("batches");
        return batchSizes.ToDictionary(batch => batch, batch => Seconds(batches.GetProperty(Invariant(batch))));
    }

    private IEnumerable<string> Arguments(IReadOnlyList<int> batchSizes, int warmup, int iterations)
    {
        string[] arguments =
        [
            "--checkpoint", checkpointPath,
            "--blocks", .. spec.BlocksPerStage.Select(Invariant),
            "--groups", Invariant(spec.Groups), "--width", Invariant(spec.WidthPerGroup),
            "--base", Invariant(spec.BaseChannels), "--stem", Invariant(spec.StemChannels),
            "--threads", Invariant(threads), "--warmup", Invariant(warmup), "--iterations", Invariant(iterations),
            "--batch", .. batchSizes.Select(Invariant),
        ];
        return channelsLast ? [.. arguments, "--channels-last"] : arguments;
    }

    private static double[] Seconds(JsonElement values) => [.. values.EnumerateArray().Select(v => v.GetDouble())];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
    }
}
