using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>Keeps every log entry at or above <paramref name="minimum"/>, formatted, with its category.</summary>
public sealed class RecordingLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    private readonly LogLevel _minimum = minimum;
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

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
            if (IsEnabled(logLevel)) provider._entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
