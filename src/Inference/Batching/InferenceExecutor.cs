using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// The device's one inference worker: every loaded model's <see cref="InferenceQueue"/> batches on its own, but every
/// forward pass of every model runs here, one at a time, on one dedicated thread that may use all the device's compute
/// threads. Giving each model its own worker split the cores between them (cores / MaxLoaded each), so a lone busy model
/// computed on a fraction of the machine while the other workers' shares sat idle.
/// </summary>
/// <remarks>
/// <para>
/// Choosing the next batch is fair across models: among the queues whose batch is due (full, past its batching window,
/// or draining), the one whose oldest waiting image is oldest goes next. The choice is made when the previous pass
/// ends, from what is queued at that moment, so a hot model's backlog cannot push a cold model's image back beyond the
/// images that were queued before it.
/// </para>
/// <para>
/// The scheduling loop runs on the thread pool, because choosing is waiting (for images, for batching windows); only
/// the runner's work (warm-up, passes, disposal) runs on the dedicated <see cref="InferenceThread"/>, where TorchSharp's
/// thread-bound state (dispose scopes, inference mode, libtorch's thread count) stays put.
/// </para>
/// </remarks>
public sealed class InferenceExecutor : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly DecodeGate _decodeGate;
    private readonly ILogger<InferenceExecutor> _logger;
    private readonly InferenceThread _thread = new("resnext-inference");

    /// <summary>A doorbell, not a queue: one pending ring is enough, the loop looks at every queue when it wakes.</summary>
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _queuesLock = new();
    private readonly List<InferenceQueue> _queues = [];

    /// <summary>The number of each queue's last pass among all passes chosen; a queue not in it has never been served.</summary>
    private readonly Dictionary<InferenceQueue, long> _lastServed = [];
    private long _passesChosen;
    private readonly Task _loop;
    private bool _closed;
    private int _disposed;

    /// <param name="decodeGate">Held closed during every pass; none (tests of scheduling alone): decoding never waits.</param>
    public InferenceExecutor(IOptions<BatchingOptions> options, TimeProvider timeProvider, ILogger<InferenceExecutor> logger,
        DecodeGate? decodeGate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _time = timeProvider;
        _logger = logger;
        _decodeGate = decodeGate ?? new DecodeGate(enabled: false, timeProvider);
        IntraOpThreads = options.Value.ResolveIntraOpThreads();
        AllowSpinning = options.Value.AllowSpinning;
        // The loop lives as long as the process; without suppressing flow it would carry its creator's Activity.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(RunAsync);
        }

        Log.InferenceExecutorStarted(_logger, IntraOpThreads, AllowSpinning);
    }

    /// <summary>Compute threads every forward pass may use: the engines are built with this many.</summary>
    public int IntraOpThreads { get; }

    /// <summary>Whether the compute threads of ONNX Runtime's shared pool spin between passes' operators (<see cref="BatchingOptions.AllowSpinning"/>).</summary>
    public bool AllowSpinning { get; }

    /// <summary>The managed id of the thread that runs every forward pass of every model.</summary>
    public int ThreadId => _thread.ManagedThreadId;

    /// <summary>Queues not yet drained, for tests and diagnostics.</summary>
    internal int QueueCount
    {
        get
        {
            lock (_queuesLock)
            {
                return _queues.Count;
            }
        }
    }

    /// <summary>
    /// Stops every queue still registered (their waiting images fail with <see cref="WorkerStoppedException"/>, a
    /// running pass finishes), then ends the loop and the thread. Hosts drain the registry first; this is the backstop.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        InferenceQueue[] left;
        lock (_queuesLock)
        {
            left = [.. _queues];
        }

        foreach (var queue in left)
        {
            await queue.DisposeAsync().ConfigureAwait(false);
        }

        lock (_queuesLock)
        {
            _closed = true;
        }

        Wake();
        await _loop.ConfigureAwait(false);
        await _thread.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Adds a queue whose due batches this executor runs until the queue is drained.</summary>
    internal void Register(InferenceQueue queue)
    {
        lock (_queuesLock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _queues.Add(queue);
        }

        Wake();
    }

    /// <summary>Called whenever a queue's state may have changed: an image arrived, it stopped accepting or gave up.</summary>
    internal void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Runs <paramref name="work"/> on the inference thread, after whatever runs there now.</summary>
    internal Task<T> InvokeAsync<T>(Func<T> work) => _thread.InvokeAsync(work);

    private async Task RunAsync()
    {
        while (true)
        {
            // Taken before looking, so a ring during the look is not lost: it wakes the wait below at once.
            _wake.Reader.TryRead(out _);
            var (next, drained, window, closed) = Choose();
            foreach (var queue in drained)
            {
                await queue.FinishAsync().ConfigureAwait(false);
            }

            if (next is not null)
            {
                // The batch is taken after the drain, so the images decoded meanwhile join it.
                await _decodeGate.BeginPassAsync().ConfigureAwait(false);
                try
                {
                    await RunBatchAsync(next).ConfigureAwait(false);
                }
                finally
                {
                    _decodeGate.EndPass();
                }
            }
            else if (closed)
            {
                return;
            }
            else if (drained.Count == 0)
            {
                await WaitAsync(window).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The due queue served least recently, the oldest waiting image breaking ties (a queue that gave up goes first: it
    /// only fails images); the queues that are drained (removed here); and how long until the earliest batching window
    /// closes (null: none is open). Least recently served rather than oldest image first: behind a busy model's backlog
    /// of full batches a quiet model's one image waited for the whole backlog (7-11 s at the default queue capacity);
    /// now it waits for one pass at most, and busy models take turns.
    /// </summary>
    private (InferenceQueue? Next, List<InferenceQueue> Drained, TimeSpan? Window, bool Closed) Choose()
    {
        InferenceQueue? next = null;
        var nextKey = (Served: long.MaxValue, Oldest: long.MaxValue);
        TimeSpan? window = null;
        var drained = new List<InferenceQueue>();
        lock (_queuesLock)
        {
            foreach (var queue in _queues)
            {
                if (queue.IsDrained)
                {
                    drained.Add(queue);
                    continue;
                }

                if (!queue.TryGetOldest(out var oldest, out var windowLeft))
                {
                    continue;
                }

                if (windowLeft > TimeSpan.Zero)
                {
                    window = window is { } earliest && earliest < windowLeft ? earliest : windowLeft;
                    continue;
                }

                var key = queue.IsAbandoned ? (long.MinValue, long.MinValue) : (_lastServed.GetValueOrDefault(queue, 0), oldest);
                if (next is null || key.CompareTo(nextKey) < 0)
                {
                    (next, nextKey) = (queue, key);
                }
            }

            _queues.RemoveAll(drained.Contains);
            foreach (var queue in drained) _lastServed.Remove(queue);
            if (next is not null) _lastServed[next] = ++_passesChosen;
            return (next, drained, window, _closed && _queues.Count == 0);
        }
    }

    /// <summary>A fault outside the pass itself (which the queue answers) must not stop every other model's batches.</summary>
    private async Task RunBatchAsync(InferenceQueue queue)
    {
        try
        {
            await queue.RunBatchAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.InferenceExecutorFault(_logger, exception, queue.ModelName);
        }
    }

    private async Task WaitAsync(TimeSpan? window)
    {
        if (window is not { } due)
        {
            await _wake.Reader.WaitToReadAsync().ConfigureAwait(false);
            return;
        }

        using var windowClosed = new CancellationTokenSource(due, _time);
        // The window closing is the common way out of a partial batch; it should not cost an exception each time.
        await ((Task)_wake.Reader.WaitToReadAsync(windowClosed.Token).AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
