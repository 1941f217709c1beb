namespace ResNeXt.Cli.Benchmarking.Charts;

internal readonly record struct ChartPoint(double X, double Y);
