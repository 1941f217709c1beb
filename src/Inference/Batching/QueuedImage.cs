using System.Diagnostics;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// One image waiting in a model's queue. <see cref="Input"/> still belongs to the caller: the worker only reads it
/// while copying into the batch buffer, and <see cref="Completion"/> completes only after that, so the caller may
/// return the floats to its pool as soon as the task completes, whatever its outcome.
/// </summary>
internal sealed class QueuedImage(
    ReadOnlyMemory<float> input,
    OutputKinds kinds,
    DateTimeOffset deadline,
    CancellationToken cancellationToken,
    DateTimeOffset enqueuedAt,
    long enqueuedTimestamp)
{
    public ReadOnlyMemory<float> Input { get; } = input;

    public OutputKinds Kinds { get; } = kinds;

    public DateTimeOffset Deadline { get; } = deadline;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Wall-clock enqueue time, the start of the retroactive "queued" span.</summary>
    public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Monotonic enqueue time, for queue wait and the batching window.</summary>
    public long EnqueuedTimestamp { get; } = enqueuedTimestamp;

    /// <summary>The request's span at enqueue: parent of the "queued" span and a link of the "batch" span.</summary>
    public ActivityContext RequestContext { get; } = Activity.Current?.Context ?? default;

    /// <summary>
    /// Continuations run asynchronously so that completing a batch never runs callers' code on the worker, where one
    /// slow continuation would stall every model request behind it.
    /// </summary>
    public TaskCompletionSource<ImageOutputs> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private const int Queued = 0;
    private const int Taken = 1;
    private const int Expired = 2;
    private int _state;

    /// <summary>The worker takes the image; false when its deadline timer answered it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>
    /// The deadline timer answers the image; false once the worker has taken it, since the worker may be reading
    /// <see cref="Input"/> and only completes the image afterwards.
    /// </summary>
    public bool TryExpire() => Interlocked.CompareExchange(ref _state, Expired, Queued) == Queued;
}
