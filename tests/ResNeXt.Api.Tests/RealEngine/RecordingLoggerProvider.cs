using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>Keeps every log entry at or above <paramref name="minimum"/>, formatted, with its category.</summary>
public sealed class RecordingLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    private readonly LogLevel _minimum = minimum;
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly Lock _appendedLock = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<string> Entries => _entries;

    /// <summary>
    /// The first entry that contains <paramref name="fragment"/>, waiting for it: hosted services log from the
    /// background, so an entry may land after the host has started.
    /// </summary>
    public async Task<string> WaitForAsync(string fragment, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task appended;
            lock (_appendedLock)
            {
                appended = _appended.Task;
            }

            if (_entries.FirstOrDefault(e => e.Contains(fragment, StringComparison.Ordinal)) is { } entry) return entry;
            await appended.WaitAsync(cancellationToken);
        }
    }

    private void Append(string entry)
    {
        _entries.Enqueue(entry);
        TaskCompletionSource appended;
        lock (_appendedLock)
        {
            (appended, _appended) = (_appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        appended.TrySetResult();
    }

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Append($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
