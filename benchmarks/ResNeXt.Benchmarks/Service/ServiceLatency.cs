namespace ResNeXt.Benchmarks.Service;

/// <summary>The server scenario on the service's defaults (<c>resnext loadtest --scenario server</c>'s measurement).</summary>
/// <param name="Batch1LatencyMs">Median latency at concurrency 1: every batch holds one image.</param>
/// <param name="OfflineMaxImagesPerSecond">The highest closed-loop throughput measured before the search.</param>
/// <param name="MaxRateMeetingBound">The highest Poisson rate whose p99 stayed within 3x the batch-1 latency; null when none did.</param>
/// <param name="Rate">The rate of the run the target is about: <paramref name="LoadFraction"/> of the offline maximum.</param>
/// <param name="P99Ms">That run's p99 latency; null when nothing was answered.</param>
/// <param name="Errors">Non-2xx answers over every point of the scenario.</param>
/// <param name="Batch1PassMs">The service's mean forward pass of one image at concurrency 1 (compute only).</param>
/// <param name="ImageMs">The least compute per image in the offline sweep (a pass over its images where batches were largest).</param>
/// <param name="IdealFifoP99Ms">The p99 of an ideal first-come-first-served server given the same arrivals, computing one
/// image at a time in <paramref name="ImageMs"/> (the CLI's IdealFifoQueue): what queueing alone costs at this rate.</param>
internal sealed record ServiceLatency(
    double Batch1LatencyMs,
    double OfflineMaxImagesPerSecond,
    double? MaxRateMeetingBound,
    double LoadFraction,
    double Rate,
    double? P50Ms,
    double? P99Ms,
    double? MeanBatchSize,
    int Errors,
    double? Batch1PassMs,
    double? ImageMs,
    double? IdealFifoP99Ms);
