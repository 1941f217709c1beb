using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ResNeXt.Inference.Tests.Batching;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports each timer created on it. The worker arms a timer right before
/// it waits for a batch to fill, so a test awaits that report instead of sleeping to know the worker is waiting.
/// </summary>
internal sealed class ObservedTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override long TimestampFrequency => _clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _clock.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override long GetTimestamp() => _clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _clock.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    public void Advance(TimeSpan delta) => _clock.Advance(delta);

    /// <summary>Due time of the next timer created, waiting for it if none is new.</summary>
    public ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => _timers.Reader.ReadAsync(cancellationToken);

    /// <summary>Due time of the next timer created that <paramref name="wanted"/> picks (requests' deadline timers pass by).</summary>
    public async ValueTask<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(cancellationToken);
            if (wanted(due)) return due;
        }
    }
}
