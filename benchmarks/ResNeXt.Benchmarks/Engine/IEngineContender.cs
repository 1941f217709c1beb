namespace ResNeXt.Benchmarks.Engine;

/// <summary>One way of running the same checkpoint's forward pass, timed one round at a time so rounds can alternate.</summary>
internal interface IEngineContender : IDisposable
{
    string Name { get; }

    /// <summary>The runtime and its version (e.g. "onnxruntime 1.32.0", "torch 1.13.0"); for a baseline, known after its first round.</summary>
    string Runtime { get; }

    /// <summary>Seconds from checkpoint file to a network ready to run (the last round's, for per-round loaders).</summary>
    double LoadSeconds { get; }

    /// <summary>Seconds per forward pass of each timed iteration, per batch size, after <paramref name="warmup"/> untimed ones.</summary>
    IReadOnlyDictionary<int, double[]> MeasureRound(IReadOnlyList<int> batchSizes, int warmup, int iterations);
}
