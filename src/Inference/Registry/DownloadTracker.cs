using Microsoft.Extensions.Logging;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// Follows one automatic checkpoint download: logs its progress every few seconds (a 100-350 MB file takes a while, and
/// the log is all a user of <c>./run.sh</c> sees), and tells waiting requests how far it is and when to come back.
/// </summary>
internal sealed class DownloadTracker(string model, ILogger logger, TimeProvider time) : IProgress<DownloadProgress>
{
    private const double Megabyte = 1024 * 1024;
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    /// <summary>Retry-After when the rate or the size is not known yet.</summary>
    private static readonly TimeSpan UnknownRemaining = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DownloadProgress? _latest;
    private long? _loggedAt;

    public void Report(DownloadProgress value)
    {
        lock (_gate)
        {
            _latest = value;
            var done = value.TotalBytes is { } total && value.BytesReceived >= total;
            if (!done && _loggedAt is { } last && time.GetElapsedTime(last) < LogInterval)
                return;
            _loggedAt = time.GetTimestamp();
        }

        Log.DownloadProgress(logger, model, value.BytesReceived / Megabyte, value.TotalBytes / Megabyte,
            value.Fraction is { } fraction ? (int)(fraction * 100) : null, value.BytesPerSecond / Megabyte);
    }

    /// <summary>"12.5 of 95.8 MB (13%)", for problem details and the model's status.</summary>
    public string Describe()
    {
        var latest = Latest();
        if (latest is not { } progress)
            return "starting";
        return progress.TotalBytes is { } total
            ? $"{progress.BytesReceived / Megabyte:F1} of {total / Megabyte:F1} MB ({progress.Fraction:P0})"
            : $"{progress.BytesReceived / Megabyte:F1} MB so far";
    }

    /// <summary>What is left at the current rate, between one second and a minute (clients poll again sooner rather than never).</summary>
    public TimeSpan EstimatedRemaining()
    {
        if (Latest() is not { TotalBytes: { } total, BytesPerSecond: > 0 } progress)
            return UnknownRemaining;
        var seconds = (total - progress.BytesReceived) / progress.BytesPerSecond;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, LongestRetryAfter.TotalSeconds));
    }

    private DownloadProgress? Latest()
    {
        lock (_gate)
            return _latest;
    }
}
