namespace ResNeXt.Cli.Metrics;

/// <summary>A Prometheus histogram's cumulative <c>_sum</c> and <c>_count</c>; two scrapes give the mean of what happened between them.</summary>
internal sealed record HistogramTotals(double Sum, double Count)
{
    public HistogramTotals Since(HistogramTotals earlier) => new(Sum - earlier.Sum, Count - earlier.Count);

    /// <summary>Null when nothing was recorded, instead of 0/0.</summary>
    public double? Mean => Count > 0 ? Sum / Count : null;
}
