namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>
/// One plot of a chart with its own value scale, so figures of different magnitude (one thread, all cores) stay
/// readable side by side; each series holds one value per group.
/// </summary>
internal sealed record BarChartPanel(string Title, IReadOnlyList<string> Groups, IReadOnlyList<BarSeries> Series);
