using System.Globalization;

namespace ResNeXt.Cli.Benchmarking.Startup;

/// <summary>One sample of the Prometheus text format the service exposes on <c>/metrics</c>.</summary>
internal static class PrometheusSample
{
    /// <summary>The service's own measure of a model's load (resnext.model.load.duration), summed over its loads.</summary>
    public const string ModelLoadSecondsSum = "resnext_model_load_duration_seconds_sum";

    private const string ModelLabel = "model";

    /// <summary>
    /// The value of the sample <paramref name="name"/> whose <c>model</c> label is <paramref name="model"/>, or null
    /// when there is none (the model never finished loading).
    /// </summary>
    public static double? ModelValue(string exposition, string name, string model)
    {
        var label = $"{ModelLabel}=\"{model}\"";
        foreach (var line in exposition.Split('\n'))
        {
            // A sample line is: name{label="value",...} value [timestamp]; the labels' order is the exporter's.
            if (!line.StartsWith(name + "{", StringComparison.Ordinal))
                continue;
            var close = line.LastIndexOf('}');
            if (close < 0)
                continue;
            var labels = line[(name.Length + 1)..close].Split(',');
            if (!labels.Contains(label, StringComparer.Ordinal))
                continue;
            var value = line[(close + 1)..].Trim().Split(' ')[0];
            return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return null;
    }
}
