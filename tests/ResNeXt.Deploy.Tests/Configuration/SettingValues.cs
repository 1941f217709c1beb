using System.Globalization;
using System.Text.RegularExpressions;

namespace ResNeXt.Deploy.Tests.Configuration;

/// <summary>Reads setting values the way the service's configuration binder and compose's interpolation do.</summary>
public static partial class SettingValues
{
    /// <summary>TimeSpan settings are bound with TimeSpan's invariant parsing, e.g. <c>00:00:30</c>.</summary>
    public static TimeSpan Duration(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>The port of an <c>http://host:port</c> URL list entry such as <c>http://+:8080</c>.</summary>
    public static int UrlPort(string url) => int.Parse(UrlPortPattern().Match(url).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>What compose substitutes for <c>${NAME:-default}</c> when NAME is unset; other text is returned as is.</summary>
    public static string ComposeDefault(string value) =>
        InterpolationPattern().Replace(value, match => match.Groups[2].Value);

    /// <summary>Compose durations such as <c>45s</c>, <c>1m30s</c>.</summary>
    public static TimeSpan ComposeDuration(string value)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in ComposeDurationPart().Matches(value))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                var unit => throw new FormatException($"Unknown duration unit '{unit}' in '{value}'."),
            };
        }
        return total;
    }

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex UrlPortPattern();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)\}")]
    private static partial Regex InterpolationPattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex ComposeDurationPart();
}
