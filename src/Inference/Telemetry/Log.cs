using Microsoft.Extensions.Logging;

namespace ResNeXt.Inference.Telemetry;

/// <summary>
/// Every log message of the engine, source-generated so that disabled levels cost nothing and no message is
/// an interpolated string. EventIds are unique in this assembly and grouped by concept: batching 1000-1099;
/// later concepts take the next free hundred.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "BatchingWorkerStarted", Level = LogLevel.Information,
        Message = "Batching worker for {Model} started: max batch {MaxBatchSize}, max delay {MaxDelay}, queue capacity {QueueCapacity}")]
    public static partial void BatchingWorkerStarted(ILogger logger, string model, int maxBatchSize, TimeSpan maxDelay, int queueCapacity);

    [LoggerMessage(EventId = 1001, EventName = "BatchFailed", Level = LogLevel.Error,
        Message = "Forward pass of {BatchSize} images for {Model} failed; only those images fail and the worker goes on")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string model, int batchSize);

    [LoggerMessage(EventId = 1002, EventName = "ImagesExpired", Level = LogLevel.Warning,
        Message = "{Count} images for {Model} passed their deadline in the queue and were not computed")]
    public static partial void ImagesExpired(ILogger logger, string model, int count);

    [LoggerMessage(EventId = 1003, EventName = "ImagesCancelled", Level = LogLevel.Debug,
        Message = "{Count} images for {Model} were cancelled by their callers before computation")]
    public static partial void ImagesCancelled(ILogger logger, string model, int count);

    [LoggerMessage(EventId = 1004, EventName = "QueueFull", Level = LogLevel.Debug,
        Message = "Refused {Count} images for {Model}: queue holds {Depth} of {Capacity}")]
    public static partial void QueueFull(ILogger logger, string model, int count, int depth, int capacity);

    [LoggerMessage(EventId = 1005, EventName = "BatchingWorkerDraining", Level = LogLevel.Information,
        Message = "Batching worker for {Model} stopped accepting; finishing {Depth} queued images")]
    public static partial void BatchingWorkerDraining(ILogger logger, string model, int depth);

    [LoggerMessage(EventId = 1006, EventName = "BatchingWorkerAbandoning", Level = LogLevel.Warning,
        Message = "Batching worker for {Model} ran out of shutdown time; queued images fail without being computed")]
    public static partial void BatchingWorkerAbandoning(ILogger logger, string model);

    [LoggerMessage(EventId = 1007, EventName = "BatchingWorkerStopped", Level = LogLevel.Information,
        Message = "Batching worker for {Model} stopped after {BatchesRun} batches")]
    public static partial void BatchingWorkerStopped(ILogger logger, string model, long batchesRun);
}
