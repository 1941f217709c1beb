using System.Globalization;

namespace ResNeXt.Api.Tests.RealEngine;

/// <summary>Reads single samples out of a Prometheus text exposition (GET /metrics).</summary>
public static class PrometheusText
{
    /// <summary>
    /// The value of the sample named <paramref name="metric"/> whose labels include every one of
    /// <paramref name="labels"/> (written as <c>name="value"</c>); 0 when absent, as Prometheus treats a missing series.
    /// </summary>
    public static double Value(string text, string metric, params string[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal)) continue;
            var labelEnd = line.IndexOf('}', StringComparison.Ordinal);
            var labelText = line[(metric.Length + 1)..labelEnd];
            var present = labelText.Split(',');
            if (!labels.All(present.Contains)) continue;
            var value = line[(labelEnd + 1)..].Trim().Split(' ')[0];
            return double.Parse(value, CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
