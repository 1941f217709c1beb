namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>
/// One chart with its own y axis: a group of bars per entry of <paramref name="Groups"/>, one bar per series. Figures in
/// different units (seconds, megabytes) go in separate panels of one picture rather than sharing a scale.
/// </summary>
internal sealed record BarPanel(string AxisLabel, IReadOnlyList<string> Groups, IReadOnlyList<BarSeries> Series);
