namespace ResNeXt.Benchmarks.Service;

/// <summary>
/// A service benchmark run: every round's throughputs, their medians, the server scenario, and issue 11's targets as
/// ratios of medians (each side's median over the same alternating rounds, so outside load hits both sides alike).
/// </summary>
/// <param name="ServiceSettings">What the service ran with beyond its defaults; empty for the run the targets are about.</param>
/// <param name="LoadAverageAfter">Compare with <see cref="MachineInfo.LoadAverage"/> (before) to judge contention.</param>
internal sealed record ServiceBenchmarkReport(
    string Model,
    string Image,
    string ContentType,
    int Concurrency,
    int Threads,
    IReadOnlyDictionary<string, string> ServiceSettings,
    string OnnxRuntime,
    string PyTorchPillow,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string LoadAverageAfter,
    IReadOnlyList<ServiceBenchmarkRound> Rounds,
    ServiceLatency? Latency)
{
    /// <summary>Issue 11: the service at least 0.9x raw ONNX Runtime at the same batch, preprocessing included on our side only.</summary>
    public const double OnnxRuntimeTarget = 0.9;

    /// <summary>Issue 11: at least 1.6x the PyTorch + Pillow loop it replaces.</summary>
    public const double PyTorchPillowTarget = 1.6;

    /// <summary>Issue 11: two models busy at once deliver at least 0.9x one model's throughput, in aggregate.</summary>
    public const double TwoModelsTarget = 0.9;

    /// <summary>Issue 11 (from the performance issue): p99 at 70% of the highest sustainable rate within 3x batch-1 latency.</summary>
    public const double LatencyMultipleTarget = 3;

    public Spread OneModel => Spread.Of(Rounds.Select(r => r.OneModel));

    public Spread TwoModels => Spread.Of(Rounds.Select(r => r.TwoModels));

    public Spread OnnxRuntimeBatch => Spread.Of(Rounds.Select(r => r.OnnxRuntime));

    public Spread PyTorchPillowBatch => Spread.Of(Rounds.Select(r => r.PyTorchPillow));

    public int TotalErrors => Rounds.Sum(r => r.Errors) + (Latency?.Errors ?? 0);

    /// <summary>p99 at the load fraction over the batch-1 latency; null without a server scenario or an answer in it.</summary>
    public double? LatencyMultiple => Latency is { P99Ms: { } p99, Batch1LatencyMs: > 0 } latency ? p99 / latency.Batch1LatencyMs : null;

    /// <summary>
    /// Where the tail target can be judged: the same multiple for an ideal first-come-first-served server given the same
    /// arrivals (<see cref="ServiceLatency.IdealFifoP99Ms"/>); null without it.
    /// </summary>
    public double? IdealFifoLatencyMultiple => Latency is { IdealFifoP99Ms: { } ideal, Batch1LatencyMs: > 0 } latency ? ideal / latency.Batch1LatencyMs : null;

    /// <summary>
    /// Raw ONNX Runtime over PyTorch + Pillow: what the service's ratio to PyTorch + Pillow would be at exactly raw
    /// ONNX Runtime's throughput, so the most it can reach on this machine with this engine.
    /// </summary>
    public double? EngineOverPyTorchPillow => Ratio(OnnxRuntimeBatch, PyTorchPillowBatch);

    public IReadOnlyList<TargetCheck> Targets =>
    [
        new("service / raw ONNX Runtime", Ratio(OneModel, OnnxRuntimeBatch), OnnxRuntimeTarget, AtLeast: true),
        new("service / PyTorch + Pillow", Ratio(OneModel, PyTorchPillowBatch), PyTorchPillowTarget, AtLeast: true),
        new("two models / one model", Ratio(TwoModels, OneModel), TwoModelsTarget, AtLeast: true),
        new("errors", TotalErrors, 0, AtLeast: false),
        new("p99 at load fraction / batch-1 latency", LatencyMultiple, LatencyMultipleTarget, AtLeast: false),
    ];

    public bool AllTargetsMet => Targets.All(t => t.Met);

    /// <summary>Ratio of the medians; null when the denominator measured nothing.</summary>
    internal static double? Ratio(Spread numerator, Spread denominator) =>
        denominator.Median > 0 ? numerator.Median / denominator.Median : null;
}
