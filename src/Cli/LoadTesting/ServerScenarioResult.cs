namespace ResNeXt.Cli.LoadTesting;

/// <param name="P99BoundMs">The bound the search held each rate to.</param>
/// <param name="BoundSource">Where the bound came from: <c>--p99-ms</c> or 3x the concurrency-1 median latency.</param>
/// <param name="UpperRate">The search's upper end: the highest offline throughput.</param>
/// <param name="MaxRateMeetingBound">Highest probed rate whose p99 met the bound with no error; null when none did.</param>
/// <param name="AtLoadFraction">The run at <paramref name="LoadFraction"/> of <paramref name="UpperRate"/>.</param>
/// <param name="TargetP99Ms">Issue 5's bound for that run: 3x the batch-1 (concurrency-1 median) latency.</param>
internal sealed record ServerScenarioResult(
    double P99BoundMs,
    string BoundSource,
    double UpperRate,
    IReadOnlyList<SearchStep<LoadPoint>> Search,
    double? MaxRateMeetingBound,
    double LoadFraction,
    LoadPoint AtLoadFraction,
    double TargetP99Ms)
{
    public bool AtLoadFractionMeetsTarget => AtLoadFraction.LatencyMs is { } latency && latency.P99 <= TargetP99Ms && AtLoadFraction.Errors.Total == 0;
}
