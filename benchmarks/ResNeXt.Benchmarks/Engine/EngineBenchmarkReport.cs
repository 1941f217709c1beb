namespace ResNeXt.Benchmarks.Engine;

/// <param name="LoadAverageAfter">Compare with <see cref="MachineInfo.LoadAverage"/> (taken before) to judge contention.</param>
/// <param name="PeakRssBytes">This process's peak resident set: every in-process contender's weights together.</param>
internal sealed record EngineBenchmarkReport(
    string Model,
    string CheckpointPath,
    int Threads,
    int Rounds,
    int Warmup,
    int Iterations,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string LoadAverageAfter,
    long PeakRssBytes,
    IReadOnlyList<ContenderResult> Contenders,
    IReadOnlyList<RatioResult> Ratios);
