using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>
/// Listeners are process-wide and other test classes run in parallel, so each test keeps only what carries its own
/// meter or its own model name.
/// </summary>
public sealed class InferenceTelemetryTests : IAsyncDisposable
{
    private const string Model = "telemetry-test-model";
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(30);

    private readonly ObservedTimeProvider _time = new();
    private readonly TestMeterFactory _meters = new();
    private readonly InferenceExecutor _executor;

    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public InferenceTelemetryTests() =>
        _executor = new InferenceExecutor(Options.Create(new BatchingOptions()), _time, NullLogger<InferenceExecutor>.Instance);

    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public async Task QueueBatchAndRefusalAreMeasuredWithTheModelTag()
    {
        var options = new BatchingOptions { MaxBatchSize = 2, QueueCapacity = 2 };
        var metrics = new InferenceMetrics(_meters);
        using var listener = ListenToOwnMeter();
        await using var queue = new InferenceQueue(Model, EngineBackend.TorchSharp, new FakeBatchRunner(), _executor, options, _time, metrics, NullLogger<InferenceQueue>.Instance);
        var accepted = new[] { Enqueue(queue, 1), Enqueue(queue, 2) };
        await Assert.ThrowsAsync<QueueFullException>(() => Enqueue(queue, 3));

        queue.Start();
        await Task.WhenAll(accepted).WaitAsync(SafetyTimeout, Token);
        listener.RecordObservableInstruments();

        Assert.All(_measurements, measurement => Assert.Equal(Model, measurement.Tags[InferenceTelemetry.ModelTag]));
        var rejection = Assert.Single(Named("resnext.rejections"));
        Assert.Equal(("queue_full", 1.0), ((string?)rejection.Tags["reason"], rejection.Value));
        Assert.Equal([2.0], Named("resnext.batch.size").Select(m => m.Value));
        Assert.Single(Named("resnext.batch.duration"));
        Assert.Equal(accepted.Length, Named("resnext.queue.wait").Count());
        Assert.Equal(0, Named("resnext.queue.depth").Sum(m => m.Value));
    }

    /// <summary>A failed pass answered its images with 500s and no metric said so.</summary>
    [Fact]
    public async Task AFailedPassCountsItsImagesAsRejectedForThatReason()
    {
        using var listener = ListenToOwnMeter();
        await using var queue = new InferenceQueue(Model, EngineBackend.TorchSharp, new FakeBatchRunner { FailingPasses = new HashSet<int> { 0 } },
            _executor, new BatchingOptions { MaxBatchSize = 2 }, _time, new InferenceMetrics(_meters), NullLogger<InferenceQueue>.Instance);
        var failing = new[] { Enqueue(queue, 1), Enqueue(queue, 2) };

        queue.Start();

        foreach (var image in failing)
            await Assert.ThrowsAsync<BatchFailedException>(() => image.WaitAsync(SafetyTimeout, Token));
        var rejection = Assert.Single(Named("resnext.rejections"));
        Assert.Equal(("batch_failed", 2.0), ((string?)rejection.Tags["reason"], rejection.Value));
    }

    [Fact]
    public async Task BatchSpanLinksToEveryRequestAndQueuedSpansAreTheirChildren()
    {
        using var requests = new ActivitySource("ResNeXt.Inference.Tests.Requests");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is InferenceTelemetry.Name || source == requests,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var options = new BatchingOptions { MaxBatchSize = 2 };
        await using var queue = new InferenceQueue(
            Model, EngineBackend.TorchSharp, new FakeBatchRunner(), _executor, options, _time, new InferenceMetrics(_meters), NullLogger<InferenceQueue>.Instance);
        var requestContexts = new List<ActivityContext>();
        var pending = new List<Task<ImageOutputs>>();
        for (var mark = 1; mark <= options.MaxBatchSize; mark++)
        {
            using var request = requests.StartActivity("request")!;
            requestContexts.Add(request.Context);
            pending.Add(Enqueue(queue, mark));
        }

        using (requests.StartActivity("load-model"))
        {
            queue.Start();
        }

        await Task.WhenAll(pending).WaitAsync(SafetyTimeout, Token);

        var own = stopped.Where(span => Model.Equals(span.GetTagItem(InferenceTelemetry.ModelTag))).ToList();
        var batch = Assert.Single(own, span => span.OperationName == InferenceTelemetry.BatchSpan);
        Assert.Equal(requestContexts, batch.Links.Select(link => link.Context));
        Assert.Equal(default, batch.ParentSpanId);
        var queued = own.Where(span => span.OperationName == InferenceTelemetry.QueuedSpan);
        Assert.Equal(requestContexts.Select(c => c.SpanId), queued.Select(span => span.ParentSpanId));
    }

    private MeterListener ListenToOwnMeter()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (_meters.Meters.Contains(instrument.Meter))
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        return listener;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));

    private IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Named(string instrument) =>
        _measurements.Where(measurement => measurement.Instrument == instrument);

    private static Task<ImageOutputs> Enqueue(InferenceQueue queue, float mark) =>
        queue.EnqueueAsync(FakeBatchRunner.Image(mark), OutputKinds.Logits, Token);
}
