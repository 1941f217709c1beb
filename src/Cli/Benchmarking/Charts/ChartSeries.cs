namespace ResNeXt.Cli.Benchmarking.Charts;

/// <param name="Connected">Draw a line through the points in x order; false for samples whose order means nothing (search probes).</param>
internal sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, bool Connected = true);
