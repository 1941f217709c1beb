using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>
/// The batcher under a fake clock. Nothing sleeps: a test learns that the worker is waiting for a batch to fill from
/// the timer it arms, and moves time itself. Images queued before <c>Start</c> make the first batch's content exact.
/// </summary>
public sealed class InferenceQueueTests : IAsyncDisposable
{
    private const string Model = "resnext50-32x4d";

    // A hung worker fails the test instead of hanging the run; no test relies on this time passing.
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(30);

    private readonly ObservedTimeProvider _time = new();
    private readonly TestMeterFactory _meters = new();
    // The window's mechanics need a window; the default (none) has its own test below.
    private readonly BatchingOptions _options = new() { MaxDelay = TimeSpan.FromMilliseconds(5) };
    private readonly InferenceExecutor _executor;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The batching window's timer, passing by the deadline timers of the requests queued.</summary>
    private Task<TimeSpan> NextWindowAsync() => _time.NextTimerAsync(due => due <= _options.MaxDelay, Token).AsTask();

    public InferenceQueueTests() =>
        _executor = new InferenceExecutor(Options.Create(_options), _time, NullLogger<InferenceExecutor>.Instance);

    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public async Task FullBatchRunsWithoutWaitingForTheDelay()
    {
        _options.MaxBatchSize = 4;
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false);
        var pending = Enumerable.Range(1, 6).Select(mark => Enqueue(queue, mark)).ToArray();

        queue.Start();
        var first = await Within(Task.WhenAll(pending[..4]));

        Assert.Equal([4], runner.Batches.Select(batch => batch.Size));
        AssertOwnLogits([1, 2, 3, 4], first);
        Assert.All(pending[4..], task => Assert.False(task.IsCompleted));
    }

    [Fact]
    public async Task PartialBatchRunsWhenMaxDelayHasPassed()
    {
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false);
        var pending = Enumerable.Range(1, 3).Select(mark => Enqueue(queue, mark)).ToArray();

        queue.Start();
        var window = await Within(NextWindowAsync());
        Assert.Empty(runner.Batches);
        _time.Advance(window);
        var outputs = await Within(Task.WhenAll(pending));

        Assert.Equal(_options.MaxDelay, window);
        Assert.Equal([3], runner.Batches.Select(batch => batch.Size));
        AssertOwnLogits([1, 2, 3], outputs);
    }

    [Fact]
    public async Task ByDefaultALoneImageRunsAtOnceWithoutAWindow()
    {
        _options.MaxDelay = new BatchingOptions().MaxDelay;
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false);
        var pending = Enqueue(queue, 1);

        queue.Start();
        var output = await Within(pending);

        Assert.Equal(TimeSpan.Zero, _options.MaxDelay);
        Assert.Equal([1], runner.Batches.Select(batch => batch.Size));
        AssertOwnLogits([1], [output]);
    }

    [Fact]
    public async Task RequestOfSeveralImagesMaySpanBatchesAndKeepsItsOrder()
    {
        _options.MaxBatchSize = 2;
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false);
        float[] marks = [5, 6, 7];
        var request = queue.EnqueueAllAsync([.. marks.Select(mark => (ReadOnlyMemory<float>)FakeBatchRunner.Image(mark))], OutputKinds.Logits, Token);

        queue.Start();
        _time.Advance(await Within(NextWindowAsync()));
        var outputs = await Within(request);

        Assert.Equal([2, 1], runner.Batches.Select(batch => batch.Size));
        Assert.Equal(marks.Select(FakeBatchRunner.LogitsFor), outputs.Select(output => output.Logits));
    }

    [Fact]
    public async Task FullQueueRefusesAtOnceWithRetryAfter()
    {
        _options.MaxBatchSize = 2;
        _options.QueueCapacity = 3;
        await using var queue = NewQueue(new FakeBatchRunner(), start: false);
        var accepted = new List<Task<ImageOutputs>> { Enqueue(queue, 1), Enqueue(queue, 2) };

        // One slot is left: a request of two images is refused whole, and a single image still fits.
        var pair = queue.EnqueueAllAsync([FakeBatchRunner.Image(3), FakeBatchRunner.Image(4)], OutputKinds.Logits, Token);
        accepted.Add(Enqueue(queue, 5));
        var refused = await Assert.ThrowsAsync<QueueFullException>(() => Enqueue(queue, 6));

        Assert.Equal("queue-full", refused.Code);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        // The message says what the Retry-After header says, not a raw TimeSpan ("Retry after 00:00:00.2201507").
        Assert.EndsWith($"Retry after {refused.RetryAfterSeconds} s.", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<QueueFullException>(() => pair);
        Assert.Equal(_options.QueueCapacity, queue.GetStats().QueueDepth);
        Assert.All(accepted, task => Assert.False(task.IsCompleted));
    }

    [Fact]
    public async Task CancelledAndExpiredImagesAreAnsweredWithoutBeingComputed()
    {
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var now = _time.GetUtcNow();
        var cancelled = queue.EnqueueAsync(FakeBatchRunner.Image(1), OutputKinds.Logits, now + _options.DefaultTimeout, caller.Token);
        var expired = queue.EnqueueAsync(FakeBatchRunner.Image(2), OutputKinds.Logits, now + _options.MaxDelay, Token);
        var kept = Enqueue(queue, 3);

        caller.Cancel();
        _time.Advance(_options.MaxDelay);
        queue.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(cancelled));
        var timeout = await Assert.ThrowsAsync<InferenceTimeoutException>(() => Within(expired));
        Assert.Equal("deadline-exceeded", timeout.Code);
        AssertOwnLogits([3], [await Within(kept)]);
        Assert.Equal([3f], Assert.Single(runner.Batches).Marks);
    }

    /// <summary>Deadlines were checked only when the worker took an image: behind a busy model's backlog a request with a
    /// 1 s deadline got its 504 after 8 s.</summary>
    [Fact]
    public async Task AnImageStillQueuedAtItsDeadlineIsAnsweredThenAndNeverComputed()
    {
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false); // nothing takes images: a backlog that never moves
        var late = queue.EnqueueAsync(FakeBatchRunner.Image(1), OutputKinds.Logits, _time.GetUtcNow() + TimeSpan.FromSeconds(1), Token);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("deadline-exceeded", (await Assert.ThrowsAsync<InferenceTimeoutException>(() => Within(late))).Code);
        var kept = Enqueue(queue, 2);
        queue.Start();
        AssertOwnLogits([2], [await Within(kept)]);
        Assert.Equal([2f], Assert.Single(runner.Batches).Marks);
    }

    /// <summary>A gRPC call's token is cancelled at its deadline: both had passed, and it counted as a caller who gave up.</summary>
    [Fact]
    public async Task AnImageBothCancelledAndPastItsDeadlineTimedOut()
    {
        await using var queue = NewQueue(new FakeBatchRunner(), start: false);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var image = queue.EnqueueAsync(FakeBatchRunner.Image(1), OutputKinds.Logits, _time.GetUtcNow() + _options.MaxDelay, caller.Token);

        _time.Advance(_options.MaxDelay);
        caller.Cancel();
        queue.Start();

        Assert.Equal("deadline-exceeded", (await Assert.ThrowsAsync<InferenceTimeoutException>(() => Within(image))).Code);
    }

    [Fact]
    public async Task FailedPassFailsOnlyItsImagesAndTheNextPassSucceeds()
    {
        _options.MaxBatchSize = 2;
        var runner = new FakeBatchRunner { FailingPasses = new HashSet<int> { 0 } };
        await using var queue = NewQueue(runner, start: false);
        var failing = new[] { Enqueue(queue, 1), Enqueue(queue, 2) };
        var next = new[] { Enqueue(queue, 3), Enqueue(queue, 4) };

        queue.Start();

        foreach (var task in failing)
        {
            var error = await Assert.ThrowsAsync<BatchFailedException>(() => Within(task));
            Assert.Equal("batch-failed", error.Code);
            Assert.IsType<RunnerFailure>(error.InnerException);
        }

        AssertOwnLogits([3, 4], await Within(Task.WhenAll(next)));
        Assert.Equal(1, queue.GetStats().BatchesRun);
    }

    [Fact]
    public async Task ConcurrentCallersShareBatchesAndEachGetsItsOwnOutputs()
    {
        const int Callers = 64;
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner);
        var marks = Enumerable.Range(1, Callers).ToArray();

        // The clock never moves, so only full batches can run: batching has to come from the concurrency itself.
        var outputs = await Within(Task.WhenAll(marks.Select(mark => Task.Run(() => Enqueue(queue, mark), Token))));

        AssertOwnLogits(marks, outputs);
        Assert.All(runner.Batches, batch => Assert.Equal(_options.MaxBatchSize, batch.Size));
        Assert.Equal(Callers, runner.Batches.Sum(batch => batch.Size));
        Assert.Equal(_options.MaxBatchSize, queue.GetStats().MeanBatchSize);
    }

    [Fact]
    public async Task EachImageGetsOnlyTheKindsItAskedFor()
    {
        _options.MaxBatchSize = 2;
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner, start: false);
        var scores = queue.EnqueueAsync(FakeBatchRunner.Image(1), OutputKinds.Scores, Token);
        var features = queue.EnqueueAsync(FakeBatchRunner.Image(2), OutputKinds.Neck | OutputKinds.Backbone, Token);

        queue.Start();
        var (first, second) = (await Within(scores), await Within(features));

        Assert.Equal(OutputKinds.Scores | OutputKinds.Neck | OutputKinds.Backbone, Assert.Single(runner.Batches).Kinds);
        Assert.Equal(FakeBatchRunner.ScoresFor(1), first.Scores!);
        Assert.Null(first.Neck);
        Assert.Equal(FakeBatchRunner.NeckFor(2), second.Neck!);
        Assert.Equal(FakeBatchRunner.BackboneFor(2), second.Backbone!);
        Assert.Null(second.Logits);
    }

    [Fact]
    public async Task DrainComputesEverythingAcceptedThenRefuses()
    {
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner);
        var accepted = Enumerable.Range(1, 3).Select(mark => Enqueue(queue, mark)).ToArray();

        // No clock movement: draining must not wait for the batch to fill.
        await Within(queue.DrainAsync(Token));

        AssertOwnLogits([1, 2, 3], await Task.WhenAll(accepted));
        var refused = await Assert.ThrowsAsync<WorkerStoppedException>(() => Enqueue(queue, 4));
        Assert.Equal("model-unloading", refused.Code);
        Assert.False(queue.GetStats().Accepting);
        Assert.Equal(queue.InferenceThreadId, runner.DisposedOnThreadId);
    }

    [Fact]
    public async Task DrainOutOfTimeFailsQueuedImagesButFinishesTheRunningPass()
    {
        _options.MaxBatchSize = 1;
        using var gate = new ManualResetEventSlim();
        var runner = new FakeBatchRunner { FirstPassGate = gate };
        await using var queue = NewQueue(runner);
        var running = Enqueue(queue, 1);
        await Within(runner.NextPassStartedAsync(Token));
        var queued = new[] { Enqueue(queue, 2), Enqueue(queue, 3) };

        var drained = queue.DrainAsync(new CancellationToken(canceled: true));
        Assert.False(drained.IsCompleted);
        gate.Set();
        await Within(drained);

        AssertOwnLogits([1], [await running]);
        foreach (var task in queued)
        {
            await Assert.ThrowsAsync<WorkerStoppedException>(() => task);
        }

        Assert.Single(runner.Batches);
    }

    [Fact]
    public async Task EveryPassRunsOnTheSameDedicatedThread()
    {
        _options.MaxBatchSize = 1;
        var runner = new FakeBatchRunner();
        await using var queue = NewQueue(runner);

        for (var mark = 1; mark <= 5; mark++)
        {
            await Within(Enqueue(queue, mark));
        }

        await queue.DisposeAsync();

        var thread = Assert.Single(runner.Batches.Select(batch => batch.ThreadId).Distinct());
        Assert.Equal(queue.InferenceThreadId, thread);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(thread, runner.DisposedOnThreadId);
    }

    private InferenceQueue NewQueue(FakeBatchRunner runner, bool start = true)
    {
        var queue = new InferenceQueue(
            Model, EngineBackend.TorchSharp, runner, _executor, _options, _time, new InferenceMetrics(_meters), NullLogger<InferenceQueue>.Instance);
        if (start)
        {
            queue.Start();
        }

        return queue;
    }

    private static Task<ImageOutputs> Enqueue(InferenceQueue queue, float mark) =>
        queue.EnqueueAsync(FakeBatchRunner.Image(mark), OutputKinds.Logits, Token);

    private static Task<T> Within<T>(Task<T> task) => task.WaitAsync(SafetyTimeout, Token);

    private static Task Within(Task task) => task.WaitAsync(SafetyTimeout, Token);

    private static Task<T> Within<T>(ValueTask<T> task) => task.AsTask().WaitAsync(SafetyTimeout, Token);

    private static void AssertOwnLogits(IReadOnlyList<int> marks, IReadOnlyList<ImageOutputs> outputs)
    {
        Assert.Equal(marks.Count, outputs.Count);
        for (var i = 0; i < marks.Count; i++)
        {
            Assert.Equal(FakeBatchRunner.LogitsFor(marks[i]), outputs[i].Logits!);
        }
    }
}
