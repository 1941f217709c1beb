namespace ResNeXt.Cli.LoadTesting;

/// <param name="P99BoundMs">The bound the search held each rate to.</param>
/// <param name="BoundSource">Where the bound came from: <c>--p99-ms</c> or 3x the concurrency-1 median latency.</param>
/// <param name="UpperRate">The search's upper end: the highest offline throughput.</param>
/// <param name="MaxRateMeetingBound">Highest probed rate whose p99 met the bound with no error; null when none did.</param>
/// <param name="AtLoadFraction">The run at <paramref name="LoadFraction"/> of <paramref name="UpperRate"/>.</param>
/// <param name="TargetP99Ms">Issue 5's bound for that run: 3x the batch-1 (concurrency-1 median) latency.</param>
/// <param name="Batch1PassMs">The service's mean forward pass at concurrency 1 (one image, compute only); null when
/// <c>/metrics</c> did not say.</param>
/// <param name="ImageMs">The least compute per image in the offline sweep: a pass over its images at the point that
/// batched best; null when <c>/metrics</c> did not say.</param>
/// <param name="IdealFifoP99Ms">The p99 an ideal first-come-first-served server would have given for the same arrivals
/// as <paramref name="AtLoadFraction"/> (<see cref="IdealFifoQueue"/>): each image computed alone in
/// <paramref name="ImageMs"/>, plus the rest of the batch-1 latency (decoding, HTTP) once; null without pass metrics.</param>
internal sealed record ServerScenarioResult(
    double P99BoundMs,
    string BoundSource,
    double UpperRate,
    IReadOnlyList<SearchStep<LoadPoint>> Search,
    double? MaxRateMeetingBound,
    double LoadFraction,
    LoadPoint AtLoadFraction,
    double TargetP99Ms,
    double? Batch1PassMs,
    double? ImageMs,
    double? IdealFifoP99Ms)
{
    public bool AtLoadFractionMeetsTarget => AtLoadFraction.LatencyMs is { } latency && latency.P99 <= TargetP99Ms && AtLoadFraction.Errors.Total == 0;
}
