namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>A dashed, labelled line across the plot at a fixed value: a bound, a target or a figure from another run.</summary>
/// <param name="Vertical">At x = <paramref name="Value"/> instead of y = <paramref name="Value"/>.</param>
internal sealed record ReferenceLine(string Label, double Value, bool Vertical = false);
