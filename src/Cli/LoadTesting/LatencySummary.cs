namespace ResNeXt.Cli.LoadTesting;

/// <summary>Latency of the answered requests of one load point, in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max, double Mean)
{
    private const double Median = 0.50;
    private const double Ninetieth = 0.90;
    private const double NinetyNinth = 0.99;

    /// <summary>Null when nothing was answered: a percentile of no requests would read as an impossibly fast service.</summary>
    public static LatencySummary? Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? null
            : new LatencySummary(Percentile.NearestRank(sorted, Median), Percentile.NearestRank(sorted, Ninetieth),
                Percentile.NearestRank(sorted, NinetyNinth), sorted[^1], sorted.Average());
    }
}
