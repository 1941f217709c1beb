using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>
/// Several models' queues on the device's one executor, under a fake clock. Nothing sleeps: a test holds the first pass
/// on a gate, queues everything else while the executor is busy (moving the clock between enqueues so every image has
/// its own age), then opens the gate; the order of passes then follows from the queues alone.
/// </summary>
public sealed class InferenceExecutorTests : IAsyncDisposable
{
    private const string Hot = "resnext50-32x4d";
    private const string Cold = "resnext101-32x4d";
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly ObservedTimeProvider _time = new();
    private readonly TestMeterFactory _meters = new();
    private readonly BatchingOptions _options = new() { MaxDelay = TimeSpan.Zero };
    private readonly ConcurrentQueue<RecordedBatch> _journal = new();
    private readonly InferenceExecutor _executor;

    public InferenceExecutorTests() =>
        _executor = new InferenceExecutor(Options.Create(_options), _time, NullLogger<InferenceExecutor>.Instance);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public async Task AHotModelsBacklogCannotStarveAColdModel()
    {
        // While the first pass runs: a backlog of two full hot batches, then one cold image, then more hot images.
        await RunWhileTheFirstHotPassIsHeldAsync((hot, cold) =>
        [
            .. Ticked(() => Enumerable.Range(2, 4).Select(mark => Enqueue(hot, mark))),
            .. Ticked(() => [Enqueue(cold, 100)]),
            .. Ticked(() => Enumerable.Range(6, 2).Select(mark => Enqueue(hot, mark))),
        ]);

        // The hot queue always had a full batch due, yet the cold image went with the next pass: the quiet model had
        // not been served yet, and it waited for one pass, not for the hot backlog queued before it (oldest image
        // first gave [1], [2, 3], [4, 5], [100], [6, 7]: behind 64 queued images, 7-11 s).
        Assert.Equal([[1f], [100f], [2f, 3f], [4f, 5f], [6f, 7f]], _journal.Select(batch => batch.Marks));
        Assert.Single(_journal.Select(batch => batch.ThreadId).Distinct());
    }

    [Fact]
    public async Task TwoBusyModelsTakeTurns()
    {
        await RunWhileTheFirstHotPassIsHeldAsync((hot, other) =>
        [
            .. Ticked(() => Enumerable.Range(2, 4).Select(mark => Enqueue(hot, mark))),
            .. Ticked(() => Enumerable.Range(100, 4).Select(mark => Enqueue(other, mark))),
        ]);

        Assert.Equal([[1f], [100f, 101f], [2f, 3f], [102f, 103f], [4f, 5f]], _journal.Select(batch => batch.Marks));
    }

    /// <summary>
    /// Two models with batches of two: the hot one's first pass (image 1) is held while <paramref name="queueMeanwhile"/>
    /// queues more for either, then everything runs to the end.
    /// </summary>
    private async Task RunWhileTheFirstHotPassIsHeldAsync(Func<InferenceQueue, InferenceQueue, Task<ImageOutputs>[]> queueMeanwhile)
    {
        _options.MaxBatchSize = 2;
        using var gate = new ManualResetEventSlim();
        var hotRunner = new FakeBatchRunner { FirstPassGate = gate, Journal = _journal };
        await using var hot = NewQueue(Hot, hotRunner);
        await using var other = NewQueue(Cold, new FakeBatchRunner { Journal = _journal });

        var first = Enqueue(hot, 1);
        await Within(hotRunner.NextPassStartedAsync(Token));
        var meanwhile = queueMeanwhile(hot, other);
        gate.Set();
        await Within(Task.WhenAll([first, .. meanwhile]));
    }

    /// <summary>Queues after the clock moved on a tick, so each group is younger than the one before.</summary>
    private Task<ImageOutputs>[] Ticked(Func<IEnumerable<Task<ImageOutputs>>> enqueue)
    {
        _time.Advance(Tick);
        return [.. enqueue()];
    }

    [Fact]
    public async Task PassesOfDifferentModelsNeverOverlap()
    {
        _options.MaxBatchSize = 1;
        using var gate = new ManualResetEventSlim();
        var hotRunner = new FakeBatchRunner { FirstPassGate = gate, Journal = _journal };
        var coldRunner = new FakeBatchRunner { Journal = _journal };
        await using var hot = NewQueue(Hot, hotRunner);
        await using var cold = NewQueue(Cold, coldRunner);

        var running = Enqueue(hot, 1);
        await Within(hotRunner.NextPassStartedAsync(Token));
        var waiting = Enqueue(cold, 2);
        // The cold image is due (MaxDelay is zero), but the device is busy: it must wait for the hot pass to end.
        Assert.False(waiting.IsCompleted);
        Assert.Empty(coldRunner.Batches);
        gate.Set();
        await Within(Task.WhenAll(running, waiting));

        Assert.Equal([[1f], [2f]], _journal.Select(batch => batch.Marks));
    }

    [Fact]
    public async Task AFailingPassFailsOnlyItsOwnImagesAndTheExecutorGoesOn()
    {
        _options.MaxBatchSize = 1;
        using var gate = new ManualResetEventSlim();
        var failingRunner = new FakeBatchRunner { FirstPassGate = gate, FailingPasses = new HashSet<int> { 0 }, Journal = _journal };
        await using var failing = NewQueue(Hot, failingRunner);
        await using var healthy = NewQueue(Cold, new FakeBatchRunner { Journal = _journal });

        var doomed = Enqueue(failing, 1);
        await Within(failingRunner.NextPassStartedAsync(Token));
        _time.Advance(Tick);
        var other = Enqueue(healthy, 2);
        _time.Advance(Tick);
        var next = Enqueue(failing, 3);
        gate.Set();

        var error = await Assert.ThrowsAsync<BatchFailedException>(() => Within(doomed));
        Assert.Equal("batch-failed", error.Code);
        Assert.IsType<RunnerFailure>(error.InnerException);
        Assert.Equal(FakeBatchRunner.LogitsFor(2), (await Within(other)).Logits!);
        Assert.Equal(FakeBatchRunner.LogitsFor(3), (await Within(next)).Logits!);
        Assert.Equal([[1f], [2f], [3f]], _journal.Select(batch => batch.Marks));
    }

    [Fact]
    public async Task DrainingSeveralModelsComputesEveryAcceptedImageThroughTheExecutor()
    {
        // Batches that can never fill and a clock that never moves: only draining lets them run.
        _options.MaxBatchSize = 8;
        _options.MaxDelay = TimeSpan.FromSeconds(1);
        var hotRunner = new FakeBatchRunner { Journal = _journal };
        var coldRunner = new FakeBatchRunner { Journal = _journal };
        await using var hot = NewQueue(Hot, hotRunner);
        await using var cold = NewQueue(Cold, coldRunner);
        var hotImages = new[] { Enqueue(hot, 1), Enqueue(hot, 2) };
        var coldImage = Enqueue(cold, 3);

        await Within(Task.WhenAll(hot.DrainAsync(Token), cold.DrainAsync(Token)));

        Assert.Equal(FakeBatchRunner.LogitsFor(2), (await hotImages[1]).Logits!);
        Assert.Equal(FakeBatchRunner.LogitsFor(3), (await coldImage).Logits!);
        Assert.Equal(2, _journal.Count);
        Assert.Equal(_executor.ThreadId, hotRunner.DisposedOnThreadId);
        Assert.Equal(_executor.ThreadId, coldRunner.DisposedOnThreadId);
        Assert.Equal(0, _executor.QueueCount);
    }

    [Fact]
    public async Task DrainOutOfTimeFailsEveryModelsQueuedImagesButFinishesTheRunningPass()
    {
        _options.MaxBatchSize = 1;
        using var gate = new ManualResetEventSlim();
        var hotRunner = new FakeBatchRunner { FirstPassGate = gate, Journal = _journal };
        await using var hot = NewQueue(Hot, hotRunner);
        await using var cold = NewQueue(Cold, new FakeBatchRunner { Journal = _journal });
        var running = Enqueue(hot, 1);
        await Within(hotRunner.NextPassStartedAsync(Token));
        var queued = new[] { Enqueue(hot, 2), Enqueue(cold, 3) };

        using var outOfTime = new CancellationTokenSource();
        var drained = Task.WhenAll(hot.DrainAsync(outOfTime.Token), cold.DrainAsync(outOfTime.Token));
        await outOfTime.CancelAsync();
        Assert.False(drained.IsCompleted);
        gate.Set();
        await Within(drained);

        Assert.Equal(FakeBatchRunner.LogitsFor(1), (await running).Logits!);
        foreach (var task in queued)
        {
            await Assert.ThrowsAsync<WorkerStoppedException>(() => task);
        }

        Assert.Single(_journal);
    }

    [Fact]
    public async Task NoDecodeStartsWhileAPassRunsAndTheWaitingOnesStartWhenItEnds()
    {
        var decodeGate = new DecodeGate(enabled: true, _time);
        await using var executor = new InferenceExecutor(Options.Create(_options), _time, NullLogger<InferenceExecutor>.Instance, decodeGate);
        using var passGate = new ManualResetEventSlim();
        var runner = new FakeBatchRunner { FirstPassGate = passGate };
        await using var queue = new InferenceQueue(
            Hot, EngineBackend.OnnxRuntime, runner, executor, _options, _time, new InferenceMetrics(_meters), NullLogger<InferenceQueue>.Instance);
        queue.Start();

        var first = Enqueue(queue, 1);
        await Within(runner.NextPassStartedAsync(Token));
        var decode = decodeGate.EnterAsync(Token).AsTask();
        Assert.False(decode.IsCompleted);

        passGate.Set();
        await Within(first);
        (await Within(decode)).Dispose();
    }

    [Fact]
    public async Task DisposingTheExecutorStopsTheQueuesLeftOnIt()
    {
        _options.MaxDelay = TimeSpan.FromSeconds(1);
        var runner = new FakeBatchRunner();
        var queue = NewQueue(Hot, runner);
        var accepted = Enqueue(queue, 1);

        await Within(_executor.DisposeAsync().AsTask());

        await Assert.ThrowsAsync<WorkerStoppedException>(() => accepted);
        Assert.Empty(runner.Batches);
        Assert.Equal(_executor.ThreadId, runner.DisposedOnThreadId);
    }

    private InferenceQueue NewQueue(string model, FakeBatchRunner runner)
    {
        var queue = new InferenceQueue(
            model, EngineBackend.OnnxRuntime, runner, _executor, _options, _time, new InferenceMetrics(_meters),
            NullLogger<InferenceQueue>.Instance);
        queue.Start();
        return queue;
    }

    private static Task<ImageOutputs> Enqueue(InferenceQueue queue, float mark) =>
        queue.EnqueueAsync(FakeBatchRunner.Image(mark), OutputKinds.Logits, Token);

    private static Task<T> Within<T>(Task<T> task) => task.WaitAsync(SafetyTimeout, Token);

    private static Task Within(Task task) => task.WaitAsync(SafetyTimeout, Token);

    private static Task<T> Within<T>(ValueTask<T> task) => task.AsTask().WaitAsync(SafetyTimeout, Token);
}
