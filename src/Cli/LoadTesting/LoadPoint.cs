namespace ResNeXt.Cli.LoadTesting;

/// <summary>One measured load level: a concurrency (offline) or an offered Poisson rate (server).</summary>
/// <param name="Succeeded">2xx answers; every request carries one image, so this is also the images computed.</param>
/// <param name="ImagesPerSecond">Succeeded over <paramref name="Seconds"/>, the wall time from the first send to the last answer.</param>
/// <param name="LatencyMs">Of the 2xx answers only; null when there were none.</param>
/// <param name="MeanBatchSize">Images per forward pass in the service over this point (its <c>resnext_batch_size</c> histogram's
/// sum and count before and after); null when <c>/metrics</c> did not have it.</param>
/// <param name="MeanPassMs">Milliseconds per forward pass over this point (<c>resnext_batch_duration_seconds</c>, the same way):
/// compute only, without queueing, decoding or HTTP; null when <c>/metrics</c> did not have it.</param>
/// <param name="ScheduleLagP99Ms">Server points: how late the generator sent its requests against the Poisson schedule (p99).
/// Large values mean the client, not the service, limited the offered rate.</param>
internal sealed record LoadPoint(
    int? Concurrency,
    double? OfferedRate,
    int Requests,
    int Succeeded,
    double Seconds,
    double ImagesPerSecond,
    LatencySummary? LatencyMs,
    ErrorCounts Errors,
    double? MeanBatchSize,
    double? MeanPassMs,
    double? ScheduleLagP99Ms);
