using System.Globalization;

namespace ResNeXt.Api.Uploads;

/// <summary>
/// <c>X-Request-Timeout</c>: how long the client is willing to wait for queueing plus inference, as seconds
/// (<c>2.5</c>) or a TimeSpan (<c>00:00:02.5</c>). It becomes the request's deadline in the engine.
/// </summary>
public static class RequestTimeoutHeader
{
    public const string Name = "X-Request-Timeout";

    public static bool TryParse(string? value, out TimeSpan? timeout)
    {
        timeout = null;
        // A missing header binds as an empty string.
        if (string.IsNullOrEmpty(value)) return true;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) &&
            seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds)
        {
            timeout = TimeSpan.FromSeconds(seconds);
            return true;
        }
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            timeout = span;
            return true;
        }
        return false;
    }

    public static string? Validate(string? value, TimeSpan max) =>
        TryParse(value, out var timeout) && (timeout is null || timeout <= max)
            ? null
            : $"{Name} must be a positive number of seconds or a TimeSpan (hh:mm:ss) no longer than {max}; got '{value}'.";

    public static TimeSpan? Parse(string? value) =>
        TryParse(value, out var timeout) ? timeout : throw new FormatException($"Unvalidated {Name} value '{value}'.");
}
