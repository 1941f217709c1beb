using System.Globalization;
using ResNeXt.Inference.Checkpoints;

namespace ResNeXt.Cli.Output;

/// <summary>Progress for logs and pipes: a line now and then instead of a redrawn bar.</summary>
internal sealed class PlainDownloadProgress(TextWriter output, string label, TimeProvider timeProvider) : IProgress<DownloadProgress>
{
    /// <summary>Often enough to show a download is alive, rarely enough that a CI log stays readable.</summary>
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private const double Percent = 100;

    private long? _lastLine;

    public void Report(DownloadProgress value)
    {
        if (_lastLine is { } last && timeProvider.GetElapsedTime(last) < LineInterval)
            return;
        _lastLine = timeProvider.GetTimestamp();

        var total = value.TotalBytes is { } bytes ? $" / {ByteSize.Format(bytes)}" : "";
        var percent = value.Fraction is { } fraction ? string.Create(CultureInfo.InvariantCulture, $" ({fraction * Percent:0}%)") : "";
        output.WriteLine($"{label}: {ByteSize.Format(value.BytesReceived)}{total}{percent} at {ByteSize.Format(value.BytesPerSecond)}/s");
    }
}
