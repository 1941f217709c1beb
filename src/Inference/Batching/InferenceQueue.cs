using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// One model's dynamic batcher, in the manner of Triton's: callers enqueue single preprocessed images and await their
/// own outputs, while the device's <see cref="InferenceExecutor"/> groups whatever is waiting into forward passes of up to
/// <see cref="BatchingOptions.MaxBatchSize"/> images, waiting at most <see cref="BatchingOptions.MaxDelay"/> for a batch
/// to fill. Admission is immediate: a full queue refuses with <see cref="QueueFullException"/> instead of making the
/// caller wait, so overload is visible rather than silent latency.
/// </summary>
/// <remarks>
/// The queue owns its <see cref="IBatchRunner"/> from construction and disposes it on the executor's inference thread
/// once stopped. Image floats stay the caller's: the worker reads them only until the image's task completes (see
/// <see cref="EnqueueAsync(ReadOnlyMemory{float}, OutputKinds, DateTimeOffset, CancellationToken)"/>).
/// The queue decides what is due (a full batch, a closed batching window, a drain); the executor decides which due
/// queue goes next and runs its batch through <see cref="RunBatchAsync"/>, one pass at a time for the whole device.
/// </remarks>
public sealed class InferenceQueue : IAsyncDisposable
{
    // Weight of the newest batch in the running mean of batch time: roughly the last five batches count.
    private const double BatchDurationSmoothing = 0.2;

    /// <summary>The longest a timer can count; a later deadline (none given: DateTimeOffset.MaxValue) arms none.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly string _model;
    private readonly EngineBackend _backend;
    private readonly IBatchRunner _runner;
    private readonly InferenceExecutor _executor;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxDelay;
    private readonly int _capacity;
    private readonly TimeSpan _defaultTimeout;
    private readonly TimeProvider _time;
    private readonly InferenceMetrics _metrics;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?>[] _modelTags;

    /// <summary>
    /// Bounded as a backstop only: admission is decided by <see cref="_depth"/>, which reserves room for every image of
    /// a request at once, so <c>TryWrite</c> fails only after the writer was completed. Nothing ever waits to write.
    /// </summary>
    private readonly Channel<QueuedImage> _channel;

    /// <summary>Completes once the executor saw the queue drained and disposed the runner.</summary>
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Serialises <see cref="Start"/> and registration on shutdown; never taken on the request path.</summary>
    private readonly Lock _lifecycle = new();

    /// <summary>Images taken from the channel for the next batch; touched by the executor's loop only.</summary>
    private readonly List<QueuedImage> _taken;

    /// <summary>The part of <see cref="_taken"/> still worth computing; executor's loop only.</summary>
    private readonly List<QueuedImage> _ready;

    /// <summary>Images admitted and not yet taken by the worker; changed with Interlocked only.</summary>
    private int _depth;

    /// <summary>1 once <see cref="StopAccepting"/> ran; set before the writer completes, so refusals name the right cause.</summary>
    private int _stopping;

    /// <summary>1 once shutdown ran out of time: images still queued fail instead of being computed.</summary>
    private int _abandoned;

    private long _batchesRun;
    private long _imagesComputed;
    private long _recentBatchTicks;
    private bool _registered;

    internal InferenceQueue(
        string modelName,
        EngineBackend backend,
        IBatchRunner runner,
        InferenceExecutor executor,
        BatchingOptions options,
        TimeProvider timeProvider,
        InferenceMetrics metrics,
        ILogger<InferenceQueue> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);

        _model = modelName;
        _backend = backend;
        _runner = runner;
        _executor = executor;
        _maxBatchSize = options.MaxBatchSize;
        _maxDelay = options.MaxDelay;
        _capacity = options.QueueCapacity;
        _defaultTimeout = options.DefaultTimeout;
        _time = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _modelTags = [new(InferenceTelemetry.ModelTag, modelName), new(InferenceTelemetry.BackendTag, backend.ToName())];
        _channel = Channel.CreateBounded<QueuedImage>(new BoundedChannelOptions(_capacity) { SingleReader = true });
        _taken = new List<QueuedImage>(_maxBatchSize);
        _ready = new List<QueuedImage>(_maxBatchSize);
    }

    public string ModelName => _model;

    public EngineBackend Backend => _backend;

    /// <summary>The managed id of the thread that runs every forward pass of this model (and of every other).</summary>
    public int InferenceThreadId => _executor.ThreadId;

    public BatchingStats GetStats() => new(
        _model,
        Volatile.Read(ref _stopping) == 0,
        Volatile.Read(ref _depth),
        _capacity,
        _maxBatchSize,
        _maxDelay,
        _defaultTimeout,
        Interlocked.Read(ref _batchesRun),
        Interlocked.Read(ref _imagesComputed),
        RecentBatchDuration);

    private TimeSpan RecentBatchDuration => TimeSpan.FromTicks(Volatile.Read(ref _recentBatchTicks));

    /// <inheritdoc cref="EnqueueAsync(ReadOnlyMemory{float}, OutputKinds, DateTimeOffset, CancellationToken)"/>
    /// <remarks>The deadline is <see cref="BatchingOptions.DefaultTimeout"/> from now.</remarks>
    public Task<ImageOutputs> EnqueueAsync(ReadOnlyMemory<float> image, OutputKinds kinds, CancellationToken cancellationToken) =>
        EnqueueAsync(image, kinds, DefaultDeadline(), cancellationToken);

    /// <summary>
    /// Queues one preprocessed image (<see cref="ImageNetPipeline.TensorLength"/> floats, CHW, normalised) and completes
    /// with its outputs. Fails with <see cref="QueueFullException"/> at once when there is no room,
    /// <see cref="InferenceTimeoutException"/> when <paramref name="deadline"/> passes before the image is computed,
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires before then,
    /// <see cref="BatchFailedException"/> when its forward pass throws, and <see cref="WorkerStoppedException"/> once the
    /// queue stopped accepting.
    /// </summary>
    /// <remarks>
    /// <paramref name="image"/> stays the caller's and must not change until the task completes; the worker never reads
    /// it afterwards, so the caller may then return it to its pool whatever the outcome. Cancellation is checked when the
    /// worker takes the image. The deadline is too, and a timer answers an image still waiting when it passes (behind a
    /// busy model's backlog a 1 s deadline was answered after 8 s); the timer never answers an image the worker has
    /// taken, so the task never completes while the worker might still be copying the floats.
    /// </remarks>
    public Task<ImageOutputs> EnqueueAsync(
        ReadOnlyMemory<float> image, OutputKinds kinds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ValidateImage(image, nameof(image));
        ValidateKinds(kinds);
        if (ReserveOrRefuse<ImageOutputs>(1, deadline, cancellationToken) is { } refused) return refused;
        var queued = NewImage(image, kinds, deadline, cancellationToken);
        var task = Write(queued);
        ExpireAtDeadline([queued], deadline, task);
        return task;
    }

    /// <inheritdoc cref="EnqueueAllAsync(IReadOnlyList{ReadOnlyMemory{float}}, OutputKinds, DateTimeOffset, CancellationToken)"/>
    /// <remarks>The deadline is <see cref="BatchingOptions.DefaultTimeout"/> from now.</remarks>
    public Task<ImageOutputs[]> EnqueueAllAsync(
        IReadOnlyList<ReadOnlyMemory<float>> images, OutputKinds kinds, CancellationToken cancellationToken) =>
        EnqueueAllAsync(images, kinds, DefaultDeadline(), cancellationToken);

    /// <summary>
    /// Queues the images of one request, all or none: the queue reserves room for all of them before writing any, so a
    /// request is never half-admitted. Each image is its own item and may share a batch with other requests' images or
    /// be split across batches. Completes when every image has; outputs are in input order, and the first image's
    /// failure is the request's.
    /// </summary>
    /// <remarks>Ownership of each image is as for <see cref="EnqueueAsync(ReadOnlyMemory{float}, OutputKinds, DateTimeOffset, CancellationToken)"/>.</remarks>
    public Task<ImageOutputs[]> EnqueueAllAsync(
        IReadOnlyList<ReadOnlyMemory<float>> images, OutputKinds kinds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count, nameof(images));
        // More images than the whole queue holds would be refused forever; that is a configuration mismatch, not load.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(images.Count, _capacity, nameof(images));
        foreach (var image in images)
        {
            ValidateImage(image, nameof(images));
        }

        ValidateKinds(kinds);
        if (ReserveOrRefuse<ImageOutputs[]>(images.Count, deadline, cancellationToken) is { } refused)
        {
            return refused;
        }

        var queued = new QueuedImage[images.Count];
        var pending = new Task<ImageOutputs>[images.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            queued[i] = NewImage(images[i], kinds, deadline, cancellationToken);
            pending[i] = Write(queued[i]);
        }

        var all = Task.WhenAll(pending);
        ExpireAtDeadline(queued, deadline, all);
        return all;
    }

    /// <summary>
    /// Answers the images of one request that are still queued when <paramref name="deadline"/> passes; the timer goes
    /// when <paramref name="answered"/> completes. A deadline beyond what a timer counts (none given) needs none.
    /// </summary>
    private void ExpireAtDeadline(QueuedImage[] images, DateTimeOffset deadline, Task answered)
    {
        var due = deadline - _time.GetUtcNow();
        if (due >= LongestTimer || answered.IsCompleted) return;
        var timer = _time.CreateTimer(
            static state => ((ExpiringRequest)state!).Expire(), new ExpiringRequest(this, images, deadline), due, Timeout.InfiniteTimeSpan);
        answered.ContinueWith(static (_, state) => ((ITimer)state!).Dispose(), timer, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private sealed record ExpiringRequest(InferenceQueue Queue, QueuedImage[] Images, DateTimeOffset Deadline)
    {
        public void Expire()
        {
            var expired = 0;
            foreach (var image in Images)
            {
                if (!image.TryExpire()) continue;
                expired++;
                image.Completion.TrySetException(new InferenceTimeoutException(Queue._model, Deadline));
            }
            Queue.ReportSkipped(expired, cancelled: 0);
        }
    }

    /// <summary>Refuses new images from now on; those already accepted are still computed. Idempotent.</summary>
    public void StopAccepting()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            Log.BatchingWorkerDraining(_logger, _model, Volatile.Read(ref _depth));
            _channel.Writer.TryComplete();
            // A draining queue's batch is due at once: no point waiting for company that cannot come.
            _executor.Wake();
        }
    }

    /// <summary>
    /// Stops accepting, has the executor compute every image already accepted, then disposes the runner.
    /// If <paramref name="cancellationToken"/> fires first (the host's shutdown timeout), images not yet in a forward
    /// pass fail with <see cref="WorkerStoppedException"/>; the pass already running is still awaited, because its
    /// native memory cannot be released under it.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        StopAccepting();
        using (cancellationToken.Register(Abandon))
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops at once: queued images fail with <see cref="WorkerStoppedException"/>, a running pass finishes.</summary>
    public async ValueTask DisposeAsync()
    {
        // Abandon first: stopping makes the queue's batch due at once, and the executor, which runs on its own, must
        // already see it abandoned when it takes that batch, or it would compute images that were meant to fail.
        Abandon();
        StopAccepting();
        await ShutdownAsync().ConfigureAwait(false);
    }

    /// <summary>Runs <see cref="IBatchRunner.WarmUp"/> on the inference thread, where every later pass runs.</summary>
    public Task WarmUpAsync() => _executor.InvokeAsync(() =>
    {
        _runner.WarmUp();
        return true;
    });

    /// <summary>Hands the queue to the executor; <see cref="InferenceQueueFactory"/> calls it once.</summary>
    internal void Start()
    {
        lock (_lifecycle)
        {
            if (_registered)
            {
                throw new InvalidOperationException($"The batching worker for '{_model}' was already started.");
            }

            _registered = true;
            _executor.Register(this);
        }

        Log.BatchingWorkerStarted(_logger, _model, _maxBatchSize, _maxDelay, _capacity);
    }

    /// <summary>True once no image can arrive and none is left: the executor then calls <see cref="FinishAsync"/>.</summary>
    internal bool IsDrained => _channel.Reader.Completion.IsCompleted;

    /// <summary>True once shutdown ran out of time: the next batch only fails images, so it should not wait its turn.</summary>
    internal bool IsAbandoned => Volatile.Read(ref _abandoned) != 0;

    /// <summary>
    /// False when nothing waits. Otherwise the oldest waiting image's enqueue timestamp (the executor's fairness key)
    /// and how long until its batch is due: zero once the batch is full, its window has closed, or the queue stops.
    /// </summary>
    internal bool TryGetOldest(out long enqueuedTimestamp, out TimeSpan windowLeft)
    {
        if (!_channel.Reader.TryPeek(out var oldest))
        {
            (enqueuedTimestamp, windowLeft) = (0, TimeSpan.Zero);
            return false;
        }

        enqueuedTimestamp = oldest.EnqueuedTimestamp;
        windowLeft = Volatile.Read(ref _stopping) != 0 || _channel.Reader.Count >= _maxBatchSize
            ? TimeSpan.Zero
            : _maxDelay - _time.GetElapsedTime(enqueuedTimestamp);
        return true;
    }

    /// <summary>
    /// Takes up to MaxBatchSize waiting images, answers those not worth computing and runs one forward pass over the
    /// rest. Called by the executor only, never concurrently with itself: it is the channel's only reader.
    /// </summary>
    internal async Task RunBatchAsync()
    {
        try
        {
            TakeAvailable();
            SortTaken();
            if (_ready.Count > 0)
            {
                await ComputeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _taken.Clear();
            _ready.Clear();
        }
    }

    /// <summary>Disposes the runner on the thread that ran every pass, in case it keeps thread-bound TorchSharp state.</summary>
    internal async Task FinishAsync()
    {
        try
        {
            await _executor.InvokeAsync(DisposeRunner).ConfigureAwait(false);
            Log.BatchingWorkerStopped(_logger, _model, Interlocked.Read(ref _batchesRun));
            _stopped.TrySetResult();
        }
        catch (Exception exception)
        {
            _stopped.TrySetException(exception);
        }
    }

    private Task ShutdownAsync()
    {
        lock (_lifecycle)
        {
            if (!_registered)
            {
                // Never started, yet images may be queued: hand the queue over so that they complete rather than hang.
                _registered = true;
                _executor.Register(this);
            }
        }

        return _stopped.Task;
    }

    private bool DisposeRunner()
    {
        _runner.Dispose();
        return true;
    }

    private void Abandon()
    {
        // Only worth a warning when images are actually left behind: an idle worker stopping is routine.
        if (Interlocked.Exchange(ref _abandoned, 1) == 0 && Volatile.Read(ref _depth) > 0)
        {
            Log.BatchingWorkerAbandoning(_logger, _model);
        }

        _executor.Wake();
    }

    private DateTimeOffset DefaultDeadline() => _time.GetUtcNow() + _defaultTimeout;

    private QueuedImage NewImage(ReadOnlyMemory<float> image, OutputKinds kinds, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        new(image, kinds, deadline, cancellationToken, _time.GetUtcNow(), _time.GetTimestamp());

    /// <summary>Null when room for <paramref name="count"/> images was reserved; otherwise the task to return instead.</summary>
    private Task<T>? ReserveOrRefuse<T>(int count, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _stopping) != 0)
        {
            return Task.FromException<T>(new WorkerStoppedException(_model));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            _metrics.Rejected(_model, RejectionReason.Cancelled, count);
            return Task.FromCanceled<T>(cancellationToken);
        }

        if (_time.GetUtcNow() >= deadline)
        {
            _metrics.Rejected(_model, RejectionReason.Deadline, count);
            return Task.FromException<T>(new InferenceTimeoutException(_model, deadline));
        }

        if (!TryReserve(count))
        {
            _metrics.Rejected(_model, RejectionReason.QueueFull, count);
            Log.QueueFull(_logger, _model, count, Volatile.Read(ref _depth), _capacity);
            return Task.FromException<T>(new QueueFullException(_model, _capacity, EstimateRetryAfter()));
        }

        return null;
    }

    private bool TryReserve(int count)
    {
        var depth = Volatile.Read(ref _depth);
        while (depth + count <= _capacity)
        {
            var seen = Interlocked.CompareExchange(ref _depth, depth + count, depth);
            if (seen == depth)
            {
                _metrics.QueueDepthChanged(_model, count);
                return true;
            }

            depth = seen;
        }

        return false;
    }

    private void Release(int count)
    {
        Interlocked.Add(ref _depth, -count);
        _metrics.QueueDepthChanged(_model, -count);
    }

    private Task<ImageOutputs> Write(QueuedImage image)
    {
        if (_channel.Writer.TryWrite(image))
        {
            _executor.Wake();
            return image.Completion.Task;
        }

        // The reservation guaranteed room, so only a writer completed since then refuses.
        Release(1);
        return Task.FromException<ImageOutputs>(new WorkerStoppedException(_model));
    }

    /// <summary>
    /// Time until what is queued now has been computed: the batches ahead times the recent batch time, or
    /// <see cref="BatchingOptions.MaxDelay"/> when no batch has run yet.
    /// </summary>
    private TimeSpan EstimateRetryAfter()
    {
        var batchesAhead = Math.Max(1, (Volatile.Read(ref _depth) + _maxBatchSize - 1) / _maxBatchSize);
        var perBatch = RecentBatchDuration > _maxDelay ? RecentBatchDuration : _maxDelay;
        return perBatch * batchesAhead;
    }

    private void TakeAvailable()
    {
        while (_taken.Count < _maxBatchSize && _channel.Reader.TryRead(out var image))
        {
            Release(1);
            if (image.TryTake()) _taken.Add(image); // else its deadline timer has answered it
        }
    }

    /// <summary>Moves the images worth computing to <see cref="_ready"/> and answers the rest without computing them.</summary>
    private void SortTaken()
    {
        var now = _time.GetUtcNow();
        var abandoned = Volatile.Read(ref _abandoned) != 0;
        var expired = 0;
        var cancelled = 0;
        foreach (var image in _taken)
        {
            _metrics.QueueWait(_model, _time.GetElapsedTime(image.EnqueuedTimestamp));
            using var span = StartQueuedSpan(image);
            // Both ends from the same clock as the start, so the span's duration is the queue wait.
            span?.SetEndTime(now.UtcDateTime);
            if (abandoned)
            {
                Refuse(image, span, new WorkerStoppedException(_model));
            }
            // The deadline first: a gRPC call's token is cancelled at its deadline too, and that is a timeout, not a
            // caller who gave up.
            else if (now >= image.Deadline)
            {
                expired++;
                Refuse(image, span, new InferenceTimeoutException(_model, image.Deadline));
            }
            else if (image.CancellationToken.IsCancellationRequested)
            {
                cancelled++;
                span?.SetStatus(ActivityStatusCode.Error, nameof(RejectionReason.Cancelled));
                image.Completion.TrySetCanceled(image.CancellationToken);
            }
            else
            {
                _ready.Add(image);
            }
        }

        ReportSkipped(expired, cancelled);
    }

    private static void Refuse(QueuedImage image, Activity? span, InferenceException error)
    {
        span?.SetStatus(ActivityStatusCode.Error, error.Code);
        image.Completion.TrySetException(error);
    }

    private void ReportSkipped(int expired, int cancelled)
    {
        if (expired > 0)
        {
            _metrics.Rejected(_model, RejectionReason.Deadline, expired);
            Log.ImagesExpired(_logger, _model, expired);
        }

        if (cancelled > 0)
        {
            _metrics.Rejected(_model, RejectionReason.Cancelled, cancelled);
            Log.ImagesCancelled(_logger, _model, cancelled);
        }
    }

    /// <summary>
    /// Runs one forward pass over <see cref="_ready"/> and completes each image with its own copy of the outputs. A
    /// failure of any step fails exactly these images; the executor goes on with the next batch, of this model or another.
    /// </summary>
    private async Task ComputeAsync()
    {
        ImageOutputs[] results;
        try
        {
            results = await ForwardAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.BatchFailed(_logger, exception, _model, _ready.Count);
            _metrics.Rejected(_model, RejectionReason.BatchFailed, _ready.Count);
            foreach (var image in _ready)
            {
                image.Completion.TrySetException(new BatchFailedException(_model, _ready.Count, exception));
            }

            return;
        }

        for (var i = 0; i < results.Length; i++)
        {
            _ready[i].Completion.TrySetResult(results[i]);
        }
    }

    /// <summary>The "batch" span ends here, before any caller resumes, so it measures the pass and not the callers.</summary>
    private async Task<ImageOutputs[]> ForwardAsync()
    {
        var count = _ready.Count;
        var kinds = RequestedKinds();
        var length = count * ImageNetPipeline.TensorLength;
        // Returned in finally, after Run has returned: Run only sees a span, so the runner cannot keep the buffer.
        var buffer = ArrayPool<float>.Shared.Rent(length);
        using var span = StartBatchSpan(count);
        try
        {
            CopyInputs(buffer);
            var started = _time.GetTimestamp();
            // Split on the executor's thread, before any other pass: a runner may write its next batch into the
            // memory this batch's outputs live in.
            var results = await _executor.InvokeAsync(() => SplitOutputs(_runner.Run(buffer.AsSpan(0, length), count, kinds)))
                .ConfigureAwait(false);
            var duration = _time.GetElapsedTime(started);
            RecordBatch(count, duration);
            return results;
        }
        catch (Exception exception)
        {
            span?.AddException(exception);
            span?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>A batch computes the union of what its images asked for; each image then gets only its own kinds.</summary>
    private OutputKinds RequestedKinds()
    {
        var kinds = OutputKinds.None;
        foreach (var image in _ready)
        {
            kinds |= image.Kinds;
        }

        return kinds;
    }

    private void CopyInputs(float[] buffer)
    {
        for (var i = 0; i < _ready.Count; i++)
        {
            _ready[i].Input.Span.CopyTo(buffer.AsSpan(i * ImageNetPipeline.TensorLength, ImageNetPipeline.TensorLength));
        }
    }

    /// <summary>Copies every image's outputs before completing any, so a malformed result fails the batch as a whole.</summary>
    private ImageOutputs[] SplitOutputs(BatchOutputs outputs)
    {
        if (outputs.BatchSize != _ready.Count)
        {
            throw new InvalidOperationException(
                $"The runner returned {outputs.BatchSize} rows for a batch of {_ready.Count} images.");
        }

        var results = new ImageOutputs[_ready.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = ImageOutputs.CopyFrom(outputs, i, _ready[i].Kinds);
        }

        return results;
    }

    /// <summary>Written by the executor's loop only; Interlocked and Volatile because stats and producers read it.</summary>
    private void RecordBatch(int count, TimeSpan duration)
    {
        Interlocked.Increment(ref _batchesRun);
        Interlocked.Add(ref _imagesComputed, count);
        var previous = Volatile.Read(ref _recentBatchTicks);
        var smoothed = previous == 0
            ? duration.Ticks
            : previous + (long)((duration.Ticks - previous) * BatchDurationSmoothing);
        Volatile.Write(ref _recentBatchTicks, smoothed);
        _metrics.BatchComputed(_model, _backend, count, duration);
    }

    private Activity? StartQueuedSpan(QueuedImage image) =>
        InferenceTelemetry.ActivitySource.StartActivity(
            InferenceTelemetry.QueuedSpan, ActivityKind.Internal, image.RequestContext, _modelTags, startTime: image.EnqueuedAt);

    private Activity? StartBatchSpan(int count)
    {
        if (!InferenceTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>(count);
        foreach (var image in _ready)
        {
            if (image.RequestContext != default)
            {
                links.Add(new ActivityLink(image.RequestContext));
            }
        }

        var span = InferenceTelemetry.ActivitySource.StartActivity(
            InferenceTelemetry.BatchSpan, ActivityKind.Internal, parentContext: default, _modelTags, links);
        span?.SetTag(InferenceTelemetry.BatchSizeTag, count);
        return span;
    }

    private static void ValidateImage(ReadOnlyMemory<float> image, string parameterName)
    {
        if (image.Length != ImageNetPipeline.TensorLength)
        {
            throw new ArgumentException(
                $"A preprocessed image has {ImageNetPipeline.TensorLength} floats (3 x 224 x 224); this one has {image.Length}.",
                parameterName);
        }
    }

    private static void ValidateKinds(OutputKinds kinds)
    {
        if (kinds == OutputKinds.None)
        {
            throw new ArgumentException("Ask for at least one output kind.", nameof(kinds));
        }
    }
}
