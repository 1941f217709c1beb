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

    [LoggerMessage(EventId = 1008, EventName = "InferenceExecutorStarted", Level = LogLevel.Information,
        Message = "Inference executor started: one forward pass at a time across every model, {IntraOpThreads} intra-op threads each (spinning {AllowSpinning})")]
    public static partial void InferenceExecutorStarted(ILogger logger, int intraOpThreads, bool allowSpinning);

    [LoggerMessage(EventId = 1009, EventName = "InferenceExecutorFault", Level = LogLevel.Error,
        Message = "The inference executor failed while serving {Model}; it goes on with the next batch")]
    public static partial void InferenceExecutorFault(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 1010, EventName = "OnnxSessionOwnThreads", Level = LogLevel.Warning,
        Message = "{Model}'s ONNX Runtime session computes on threads of its own ({IntraOpThreads}, spinning {AllowSpinning}), not on the shared pool: the process's pool is {Pool}")]
    public static partial void OnnxSessionOwnThreads(ILogger logger, string model, int intraOpThreads, bool allowSpinning, string pool);

    [LoggerMessage(EventId = 2000, EventName = "ModelLoading", Level = LogLevel.Information, Message = "Loading {Model} from {Source}")]
    public static partial void ModelLoading(ILogger logger, string model, string source);

    [LoggerMessage(EventId = 2001, EventName = "ModelLoaded", Level = LogLevel.Information,
        Message = "Loaded {Model} in {Elapsed} ({Parameters} parameters), served by {Backend} on {Device}")]
    public static partial void ModelLoaded(ILogger logger, string model, TimeSpan elapsed, long parameters, string backend, string device);

    [LoggerMessage(EventId = 2002, EventName = "ModelLoadFailed", Level = LogLevel.Error, Message = "Loading {Model} failed")]
    public static partial void LoadFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 2003, EventName = "ModelReloaded", Level = LogLevel.Information,
        Message = "Reloaded {Model}: checkpoint {OldSha256} replaced by {NewSha256}")]
    public static partial void ModelReloaded(ILogger logger, string model, string? oldSha256, string? newSha256);

    // Warning, without the exception: the failed load has just been logged as an error with it (ModelLoadFailed).
    [LoggerMessage(EventId = 2004, EventName = "ModelReloadFailed", Level = LogLevel.Warning,
        Message = "Reloading {Model} failed; the previous weights keep serving")]
    public static partial void ReloadFailed(ILogger logger, string model);

    [LoggerMessage(EventId = 2005, EventName = "ModelUnloading", Level = LogLevel.Information, Message = "Unloading {Model}")]
    public static partial void ModelUnloading(ILogger logger, string model);

    [LoggerMessage(EventId = 2006, EventName = "ModelEvicted", Level = LogLevel.Information,
        Message = "Evicted {Model}, the least recently used idle model, to stay within Models:MaxLoaded = {MaxLoaded}")]
    public static partial void ModelEvicted(ILogger logger, string model, int maxLoaded);

    [LoggerMessage(EventId = 2013, EventName = "ModelEvictedForMemory", Level = LogLevel.Information,
        Message = "Evicted {Model} ({Footprint}), the least recently used idle model, to make room for {Loading} within Models:MaxMemoryBytes = {Budget}")]
    public static partial void ModelEvictedForMemory(ILogger logger, string model, string footprint, string loading, string budget);

    [LoggerMessage(EventId = 2014, EventName = "MemoryBudgetChosen", Level = LogLevel.Information,
        Message = "Loaded models may hold {Budget} together ({Source})")]
    public static partial void MemoryBudgetChosen(ILogger logger, string budget, string source);

    [LoggerMessage(EventId = 2007, EventName = "PreloadFailed", Level = LogLevel.Error, Message = "Preloading {Model} failed")]
    public static partial void PreloadFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 2008, EventName = "ServingRandomWeights", Level = LogLevel.Warning,
        Message = "{Model} serves RANDOM weights (Models:AllowRandomWeights=true): predictions are meaningless")]
    public static partial void ServingRandomWeights(ILogger logger, string model);

    [LoggerMessage(EventId = 2009, EventName = "CheckpointChanged", Level = LogLevel.Information, Message = "Checkpoint {Path} changed on disk")]
    public static partial void CheckpointChanged(ILogger logger, string path);

    [LoggerMessage(EventId = 2011, EventName = "CheckpointDownloading", Level = LogLevel.Information,
        Message = "Downloading the official checkpoint of {Model} into {Directory} (Models:AutoDownload); requests wait for it")]
    public static partial void CheckpointDownloading(ILogger logger, string model, string directory);

    [LoggerMessage(EventId = 2012, EventName = "CheckpointDownloadProgress", Level = LogLevel.Information,
        Message = "Downloading {Model}: {ReceivedMegabytes:F1} of {TotalMegabytes:F1} MB ({Percent}%) at {MegabytesPerSecond:F1} MB/s")]
    public static partial void DownloadProgress(ILogger logger, string model, double receivedMegabytes, double? totalMegabytes, int? percent,
        double megabytesPerSecond);

    [LoggerMessage(EventId = 2010, EventName = "JpegFallback", Level = LogLevel.Information, Message = "{Reason}")]
    public static partial void JpegFallback(ILogger logger, string reason);

    [LoggerMessage(EventId = 2025, EventName = "JpegDecoder", Level = LogLevel.Information, Message = "JPEG decoder: {Decoder}")]
    public static partial void JpegDecoder(ILogger logger, string decoder);

    [LoggerMessage(EventId = 2028, EventName = "PngDecoder", Level = LogLevel.Information, Message = "PNG decoder: {Decoder}")]
    public static partial void PngDecoder(ILogger logger, string decoder);

    [LoggerMessage(EventId = 2029, EventName = "PngFallback", Level = LogLevel.Information, Message = "{Reason}")]
    public static partial void PngFallback(ILogger logger, string reason);
}
