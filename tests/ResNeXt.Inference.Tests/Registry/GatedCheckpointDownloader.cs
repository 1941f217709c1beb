using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests.Registry;

/// <summary>
/// Stands in for the HTTP download of an official checkpoint so a test decides when it ends (FirstRunTests covers the real
/// download): reports <see cref="Progress"/>, signals <see cref="Started"/>, waits for the test to open <see cref="Gate"/>,
/// then writes a <see cref="VersionedModelLoader"/> checkpoint under the official file name.
/// </summary>
internal sealed class GatedCheckpointDownloader(string version) : ICheckpointDownloader
{
    private int _downloads;

    public int Downloads => Volatile.Read(ref _downloads);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a download has begun and reported its progress.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DownloadProgress Progress { get; init; } = new(BytesReceived: 0, TotalBytes: null, BytesPerSecond: 0);

    public async Task<CheckpointDownloadResult> DownloadAsync(ModelCatalogEntry entry, string directory, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _downloads);
        progress?.Report(Progress);
        Started.TrySetResult();
        await Gate.Task.WaitAsync(cancellationToken);
        var path = Path.Combine(directory, entry.CheckpointFileName);
        await File.WriteAllTextAsync(path, version, cancellationToken);
        return new CheckpointDownloadResult(path, new FileInfo(path).Length, AlreadyPresent: false);
    }
}
