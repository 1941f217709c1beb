using System.Globalization;
using System.Text;

namespace ResNeXt.Cli.Metrics;

/// <summary>
/// Reads samples out of the Prometheus text exposition format (what <c>GET /metrics</c> answers): lines of
/// <c>name{label="value",…} number [timestamp]</c>, with <c>#</c> comment lines. Label values may hold escaped quotes,
/// backslashes and commas, so labels are parsed, not split.
/// </summary>
internal static class PrometheusText
{
    private const string SumSuffix = "_sum";
    private const string CountSuffix = "_count";

    /// <summary>
    /// The Prometheus name of an OpenTelemetry instrument as the OpenTelemetry exporter writes it: dots become
    /// underscores, and a unit in braces (an annotation such as <c>{image}</c>) adds no suffix.
    /// </summary>
    public static string NameOf(string instrument) => instrument.Replace('.', '_');

    /// <summary>The name of an instrument measured in seconds (unit <c>s</c>), to which the exporter appends <c>_seconds</c>.</summary>
    public static string NameOfSeconds(string instrument) => NameOf(instrument) + "_seconds";

    /// <summary>
    /// <paramref name="metric"/>'s <c>_sum</c> and <c>_count</c> added over every series carrying all of
    /// <paramref name="labels"/>; null when no such series exists (nothing recorded yet, or another name).
    /// </summary>
    public static HistogramTotals? Histogram(string text, string metric, IReadOnlyDictionary<string, string> labels)
    {
        var sum = Total(text, metric + SumSuffix, labels);
        var count = Total(text, metric + CountSuffix, labels);
        return sum is null || count is null ? null : new HistogramTotals(sum.Value, count.Value);
    }

    /// <summary>The values of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>, added; null when none.</summary>
    public static double? Total(string text, string name, IReadOnlyDictionary<string, string> labels)
    {
        double? total = null;
        foreach (var line in text.Split('\n'))
        {
            if (TryParse(line.TrimEnd('\r'), out var sample) && sample.Name == name &&
                labels.All(l => sample.Labels.TryGetValue(l.Key, out var value) && value == l.Value))
            {
                total = (total ?? 0) + sample.Value;
            }
        }
        return total;
    }

    internal static bool TryParse(string line, out PrometheusSample sample)
    {
        sample = default;
        if (line.Length == 0 || line[0] == '#')
            return false;
        var nameEnd = line.IndexOfAny(['{', ' ']);
        if (nameEnd <= 0)
            return false;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = nameEnd;
        if (line[position] == '{' && !TryParseLabels(line, ref position, labels))
            return false;
        var fields = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || !TryParseValue(fields[0], out var value))
            return false;
        sample = new PrometheusSample(line[..nameEnd], labels, value);
        return true;
    }

    /// <summary>Parses <c>{a="x",b="y"}</c> starting at the brace; leaves <paramref name="position"/> after the closing brace.</summary>
    private static bool TryParseLabels(string line, ref int position, Dictionary<string, string> labels)
    {
        position++;
        while (position < line.Length && line[position] != '}')
        {
            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
                return false;
            var key = line[position..equals].Trim();
            var value = new StringBuilder();
            position = equals + 2;
            for (; position < line.Length && line[position] != '"'; position++)
            {
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else
                {
                    value.Append(line[position]);
                }
            }
            if (position >= line.Length)
                return false;
            labels[key] = value.ToString();
            position++;
            if (position < line.Length && line[position] == ',')
                position++;
        }
        if (position >= line.Length)
            return false;
        position++;
        return true;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
