namespace ResNeXt.Inference.Batching;

/// <summary>
/// Keeps decoding and forward passes from running at the same time on a CPU device (<see cref="BatchingOptions.DecodeBetweenPasses"/>).
/// ONNX Runtime splits each operator evenly over its compute threads and waits for the slowest part, so a decode that
/// takes a core from one compute thread stalls them all, and the scheduler rarely moves the stalled thread to the core
/// that went idle. Instead, a request that wants to decode while a pass runs waits for the pass to end (its image could
/// not join that pass anyway), and before the next pass the executor closes the gate and waits, for at most
/// <see cref="MaxDrain"/>, for the decodes under way, so their images join it.
/// </summary>
public sealed class DecodeGate
{
    /// <summary>Longest a pass waits for decodes under way: a few small images; one huge image must not hold every model back.</summary>
    public static readonly TimeSpan MaxDrain = TimeSpan.FromMilliseconds(25);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private bool _passRunning;
    private int _decoding;
    private List<TaskCompletionSource>? _waiting;
    private TaskCompletionSource? _drained;

    public DecodeGate(bool enabled, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Enabled = enabled;
        _time = time;
    }

    /// <summary>False on a GPU, or when turned off: then decoding never waits.</summary>
    public bool Enabled { get; }

    /// <summary>Completes when the caller may decode; disposing the lease says the decode has finished (or failed).</summary>
    public ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!Enabled) return ValueTask.FromResult<IDisposable>(NoLease.Instance);
        TaskCompletionSource admission;
        lock (_lock)
        {
            if (!_passRunning)
            {
                _decoding++;
                return ValueTask.FromResult<IDisposable>(new Lease(this));
            }

            admission = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiting ??= []).Add(admission);
        }

        return new ValueTask<IDisposable>(WaitForPassAsync(admission, cancellationToken));
    }

    private void Exit()
    {
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            if (--_decoding == 0 && _drained is not null) (drained, _drained) = (_drained, null);
        }

        drained?.TrySetResult();
    }

    /// <summary>The executor, before taking a batch: no new decodes from now on; waits for those under way (at most <see cref="MaxDrain"/>).</summary>
    internal async Task BeginPassAsync()
    {
        if (!Enabled) return;
        Task drained;
        lock (_lock)
        {
            _passRunning = true;
            if (_decoding == 0) return;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        await drained.WaitAsync(MaxDrain, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The executor, after a pass: lets every waiting decode start.</summary>
    internal void EndPass()
    {
        if (!Enabled) return;
        List<TaskCompletionSource>? admitted;
        lock (_lock)
        {
            _passRunning = false;
            _drained = null;
            (admitted, _waiting) = (_waiting, null);
            _decoding += admitted?.Count ?? 0;
        }

        admitted?.ForEach(a => a.TrySetResult());
    }

    private async Task<IDisposable> WaitForPassAsync(TaskCompletionSource admission, CancellationToken cancellationToken)
    {
        try
        {
            await admission.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Lease(this);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (_waiting?.Remove(admission) == true) throw;
            }

            // Admitted by EndPass at the same moment: it was counted, so it must be uncounted.
            Exit();
            throw;
        }
    }

    /// <summary>One admitted decode; a second Dispose does nothing, so the count cannot go wrong.</summary>
    private sealed class Lease(DecodeGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Exit();
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
