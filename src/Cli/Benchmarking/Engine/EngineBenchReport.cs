namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>What <c>resnext bench engine</c> measured: the engine as configured, on this machine, nothing to compare with.</summary>
/// <param name="Backend">The backend's name as the options spell it ("onnxruntime", "torchsharp").</param>
/// <param name="LoadSeconds">Checkpoint file to an engine ready to run (before the warm-up pass).</param>
/// <param name="LoadAverageAfter">Compare with <see cref="MachineInfo.LoadAverage"/> (taken before) to judge contention.</param>
/// <param name="PeakRssBytes">This process's peak resident set, weights and activations included.</param>
internal sealed record EngineBenchReport(
    string Model,
    string Backend,
    string CheckpointPath,
    int Threads,
    int Rounds,
    int Warmup,
    int Iterations,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string LoadAverageAfter,
    double LoadSeconds,
    long PeakRssBytes,
    IReadOnlyList<BatchResult> Batches);
