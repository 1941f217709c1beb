using ResNeXt.Inference.Checkpoints;

namespace ResNeXt.Inference.Tests.Download;

/// <summary>
/// Records reports synchronously; <see cref="Progress{T}"/> would post them to the thread pool, so a test could
/// look before the last one arrived.
/// </summary>
public sealed class RecordingProgress(Action<DownloadProgress>? onReport = null) : IProgress<DownloadProgress>
{
    private readonly List<DownloadProgress> _reports = [];

    public IReadOnlyList<DownloadProgress> Reports
    {
        get
        {
            lock (_reports)
                return [.. _reports];
        }
    }

    public void Report(DownloadProgress value)
    {
        lock (_reports)
            _reports.Add(value);
        onReport?.Invoke(value);
    }
}
