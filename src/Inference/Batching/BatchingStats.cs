namespace ResNeXt.Inference.Batching;

/// <summary>A snapshot of one model's batching worker, for status endpoints and the CLI.</summary>
public sealed record BatchingStats(
    string Model,
    bool Accepting,
    int QueueDepth,
    int QueueCapacity,
    int MaxBatchSize,
    TimeSpan MaxDelay,
    TimeSpan DefaultTimeout,
    long BatchesRun,
    long ImagesComputed,
    TimeSpan RecentBatchDuration)
{
    /// <summary>Images per forward pass so far; 0 before the first batch.</summary>
    public double MeanBatchSize => BatchesRun == 0 ? 0 : (double)ImagesComputed / BatchesRun;
}
