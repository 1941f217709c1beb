using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Batching;

/// <summary>
/// Creates the batching queue of each loaded model with the process-wide options, clock and instruments, and hands it
/// to the device's one <see cref="InferenceExecutor"/>.
/// </summary>
public sealed class InferenceQueueFactory(
    InferenceExecutor executor,
    IOptions<BatchingOptions> options,
    TimeProvider timeProvider,
    InferenceMetrics metrics,
    ILoggerFactory loggerFactory)
{
    /// <summary>
    /// Starts batching for <paramref name="modelName"/> on the executor. The queue owns <paramref name="runner"/> from here on and
    /// disposes it when drained or disposed; the caller drains or disposes the queue when unloading the model.
    /// </summary>
    public InferenceQueue Create(string modelName, EngineBackend backend, IBatchRunner runner)
    {
        var queue = new InferenceQueue(
            modelName, backend, runner, executor, options.Value, timeProvider, metrics, loggerFactory.CreateLogger<InferenceQueue>());
        queue.Start();
        return queue;
    }
}
