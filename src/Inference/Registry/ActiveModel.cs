using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// One loaded version of a model: its batching queue (which owns the runner and its native weights) and what
/// responses must say about it. A hot reload creates a new instance beside the old one, so a request that holds an
/// instance gets all its images answered by the same weights.
/// </summary>
internal sealed class ActiveModel(InferenceQueue queue, ModelIdentity identity, string? checkpointPath, IReadOnlyList<string> classes,
    int featureDim, long parameterCount, long memoryBytes, long loadedAt)
{
    private long _lastUsed = loadedAt;

    public InferenceQueue Queue { get; } = queue;
    public ModelIdentity Identity { get; } = identity;
    public string? CheckpointPath { get; } = checkpointPath;
    public IReadOnlyList<string> Classes { get; } = classes;
    public int FeatureDim { get; } = featureDim;
    public long ParameterCount { get; } = parameterCount;
    public long MemoryBytes { get; } = memoryBytes;

    /// <summary>Timestamp (TimeProvider ticks) of the last request, for least-recently-used eviction.</summary>
    public long LastUsed => Interlocked.Read(ref _lastUsed);

    public void Touch(long timestamp) => Interlocked.Exchange(ref _lastUsed, timestamp);

    /// <summary>Refuses new work, finishes what was accepted, then frees the weights.</summary>
    public async Task RetireAsync(CancellationToken cancellationToken)
    {
        Queue.StopAccepting();
        try
        {
            await Queue.DrainAsync(cancellationToken);
        }
        finally
        {
            await Queue.DisposeAsync();
            GlibcAllocator.ReleaseFreeMemory();
        }
    }
}
