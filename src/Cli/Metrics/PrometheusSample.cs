namespace ResNeXt.Cli.Metrics;

/// <summary>One line of a Prometheus text exposition: a sample name, its labels and its value.</summary>
internal readonly record struct PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
