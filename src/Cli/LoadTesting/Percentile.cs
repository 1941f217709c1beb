namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// Nearest-rank percentiles: always a latency some request really had, never an interpolation between two. Shared
/// with the resilience harness's load generator so both report p99 by the same definition.
/// </summary>
internal static class Percentile
{
    // fraction x count in floating point can land a hair above a whole rank (0.07 x 100 = 7.000000000000001).
    private const double RankTolerance = 1e-9;

    /// <summary>The tail every load-test target is stated at.</summary>
    public const double Tail = 0.99;

    /// <summary>The smallest value with at least <paramref name="fraction"/> of <paramref name="sorted"/> at or below it; 0 when empty.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
            return 0;
        var rank = (int)Math.Ceiling(fraction * sorted.Count - RankTolerance);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
