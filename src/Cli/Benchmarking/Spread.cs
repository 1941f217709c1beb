namespace ResNeXt.Cli.Benchmarking;

/// <summary>
/// Median, minimum and maximum of one figure over the rounds. The machine is shared and noisy, so the median is the
/// figure to read and min/max say how far a single round may stray; a mean would be dragged by one stalled round.
/// </summary>
internal sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("A spread needs at least one value.", nameof(values));
        return new Spread(MedianOfSorted(sorted), sorted[0], sorted[^1]);
    }

    public static double MedianOf(IEnumerable<double> values) => MedianOfSorted([.. values.Order()]);

    private static double MedianOfSorted(double[] sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
