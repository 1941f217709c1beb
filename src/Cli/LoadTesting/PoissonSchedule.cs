namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// MLPerf's server scenario arrivals: a Poisson process, i.e. independent exponential gaps with mean 1/rate, from a
/// seeded generator so a rerun offers exactly the same pattern (and every rate of a search the same pattern, scaled).
/// </summary>
internal static class PoissonSchedule
{
    /// <summary>Seconds from the start at which each of <paramref name="count"/> requests is due, ascending.</summary>
    public static double[] Arrivals(double ratePerSecond, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var arrivals = new double[count];
        var time = 0.0;
        for (var i = 0; i < count; i++)
        {
            // Inverse transform sampling; 1 - U lies in (0, 1], so the logarithm is finite.
            time += -Math.Log(1 - random.NextDouble()) / ratePerSecond;
            arrivals[i] = time;
        }
        return arrivals;
    }
}
