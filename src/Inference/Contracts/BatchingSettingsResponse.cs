namespace ResNeXt.Inference.Contracts;

using ResNeXt.Inference.Batching;

/// <summary>The dynamic batcher's settings in force (section <c>Batching</c>, validated at start).</summary>
public sealed record BatchingSettingsResponse(int MaxBatchSize, double MaxDelayMs, int QueueCapacity, double DefaultTimeoutMs)
{
    public static BatchingSettingsResponse From(BatchingOptions options) =>
        new(options.MaxBatchSize, options.MaxDelay.TotalMilliseconds, options.QueueCapacity, options.DefaultTimeout.TotalMilliseconds);
}
