using ResNeXt.Inference.Engine;
using System.Diagnostics.Metrics;

namespace ResNeXt.Inference.Telemetry;

/// <summary>
/// The engine's instruments, created once from <see cref="IMeterFactory"/> (register as a singleton) and shared by
/// every model, which is why each recording takes the model name and tags it. Recording is thread-safe.
/// </summary>
public sealed class InferenceMetrics
{
    /// <summary>Images per forward pass; exported to Prometheus as <c>resnext_batch_size</c>, which <c>resnext loadtest</c> reads.</summary>
    public const string BatchSizeInstrument = "resnext.batch.size";

    /// <summary>Seconds of one forward pass; exported as <c>resnext_batch_duration_seconds</c>, which <c>resnext loadtest</c> reads.</summary>
    public const string BatchDurationInstrument = "resnext.batch.duration";

    public const string ModelLoadDurationInstrument = "resnext.model.load.duration";

    private const string ReasonTag = "reason";
    private const string Seconds = "s";
    private const string Images = "{image}";
    private const string Loads = "{load}";

    // The OpenTelemetry SDK's default buckets (0, 5, 10, 25 … 10000) assume milliseconds; in seconds every sample
    // would land in the first bucket. These follow the semantic conventions' http.server.request.duration advice,
    // widened down to 1 ms because a queue wait is often shorter than a request, and up to the longest deadline a
    // client may ask for (Limits:MaxRequestTimeout's ceiling, 5 min by default), which a queue wait can reach.
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 300];

    // Loading reads and converts a checkpoint of 100-350 MB: seconds, not milliseconds; up to minutes on a GPU host's
    // first CUDA initialisation or a slow disk.
    private static readonly double[] LoadBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    // Powers of two up to BatchingOptions.MaxBatchSizeLimit, so every configured size has its own bucket edge.
    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private readonly UpDownCounter<int> _queueDepth;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _modelLoadDuration;
    private readonly Counter<long> _modelLoadFailures;

    public InferenceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(InferenceTelemetry.Name);
        _queueDepth = meter.CreateUpDownCounter<int>(
            "resnext.queue.depth", Images, "Images accepted and not yet taken by the batching worker.");
        _queueWait = meter.CreateHistogram(
            "resnext.queue.wait", Seconds, "Time from enqueue until the worker takes the image.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _batchSize = meter.CreateHistogram(
            BatchSizeInstrument, Images, "Images computed by one forward pass.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _batchDuration = meter.CreateHistogram(
            BatchDurationInstrument, Seconds, "Compute time of one forward pass, excluding queueing.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rejections = meter.CreateCounter<long>(
            "resnext.rejections", Images, "Images answered without being computed, by reason.");
        _modelLoadDuration = meter.CreateHistogram(
            ModelLoadDurationInstrument, Seconds, "Time to build a model, load its checkpoint and run its warm-up pass.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LoadBuckets });
        _modelLoadFailures = meter.CreateCounter<long>(
            "resnext.model.load.failures", Loads, "Loads (first loads and reloads) that failed; the model's status says why.");
    }

    public void QueueDepthChanged(string model, int delta) => _queueDepth.Add(delta, ModelTag(model));

    public void QueueWait(string model, TimeSpan wait) => _queueWait.Record(wait.TotalSeconds, ModelTag(model));

    public void BatchComputed(string model, EngineBackend backend, int size, TimeSpan duration)
    {
        _batchSize.Record(size, ModelTag(model), BackendTag(backend));
        _batchDuration.Record(duration.TotalSeconds, ModelTag(model), BackendTag(backend));
    }

    public void Rejected(string model, RejectionReason reason, int count = 1) =>
        _rejections.Add(count, ModelTag(model), new KeyValuePair<string, object?>(ReasonTag, ReasonValue(reason)));

    public void ModelLoaded(string model, EngineBackend backend, TimeSpan duration) =>
        _modelLoadDuration.Record(duration.TotalSeconds, ModelTag(model), BackendTag(backend));

    public void ModelLoadFailed(string model) => _modelLoadFailures.Add(1, ModelTag(model));

    private static KeyValuePair<string, object?> ModelTag(string model) => new(InferenceTelemetry.ModelTag, model);

    private static KeyValuePair<string, object?> BackendTag(EngineBackend backend) => new(InferenceTelemetry.BackendTag, backend.ToName());

    private static string ReasonValue(RejectionReason reason) => reason switch
    {
        RejectionReason.QueueFull => "queue_full",
        RejectionReason.Deadline => "deadline",
        RejectionReason.Cancelled => "cancelled",
        RejectionReason.Stopped => "stopped",
        RejectionReason.BatchFailed => "batch_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
