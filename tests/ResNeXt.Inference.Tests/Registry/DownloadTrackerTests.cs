using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests.Registry;

public sealed class DownloadTrackerTests
{
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public void ProgressIsLoggedEveryFewSecondsAndOnCompletion()
    {
        var clock = new FakeTimeProvider();
        var logger = new ListLogger();
        var tracker = new DownloadTracker("resnext50-32x4d", logger, clock);

        tracker.Report(new DownloadProgress(1 * Megabyte, 100 * Megabyte, 10 * Megabyte));
        clock.Advance(TimeSpan.FromSeconds(1));
        tracker.Report(new DownloadProgress(10 * Megabyte, 100 * Megabyte, 10 * Megabyte));
        clock.Advance(TimeSpan.FromSeconds(5));
        tracker.Report(new DownloadProgress(60 * Megabyte, 100 * Megabyte, 10 * Megabyte));
        clock.Advance(TimeSpan.FromSeconds(1));
        tracker.Report(new DownloadProgress(100 * Megabyte, 100 * Megabyte, 10 * Megabyte));

        Assert.Equal(3, logger.Messages.Count);
        Assert.Contains("60.0 of 100.0 MB (60%)", logger.Messages[1]);
        Assert.Contains("(100%)", logger.Messages[2]);
    }

    [Fact]
    public void RetryAfterIsTheRemainingTimeWithinOneSecondToOneMinute()
    {
        var tracker = new DownloadTracker("m", new ListLogger(), new FakeTimeProvider());
        Assert.Equal(TimeSpan.FromSeconds(5), tracker.EstimatedRemaining()); // nothing known yet
        Assert.Equal("starting", tracker.Describe());

        tracker.Report(new DownloadProgress(10 * Megabyte, 100 * Megabyte, 1 * Megabyte));
        Assert.Equal(TimeSpan.FromMinutes(1), tracker.EstimatedRemaining()); // 90 s left, capped
        tracker.Report(new DownloadProgress(99 * Megabyte, 100 * Megabyte, 10 * Megabyte));
        Assert.Equal(TimeSpan.FromSeconds(1), tracker.EstimatedRemaining());
        tracker.Report(new DownloadProgress(50 * Megabyte, TotalBytes: null, 10 * Megabyte));
        Assert.Equal("50.0 MB so far", tracker.Describe());
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
