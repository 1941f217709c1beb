namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// The latency tail that Poisson arrivals alone cause: an ideal server that takes images first come, first served,
/// computes each alone in a fixed time and costs nothing else (an M/D/1 queue). Where a pass of n images takes about
/// n times a pass of one, as on these CPUs, batching finishes no image sooner than this server would, so its p99 at a
/// rate is the reference for any scheduler of that engine at that rate. Simulated by Lindley's recursion over a
/// seeded arrival sequence, so a seed gives the same answer on every run.
/// </summary>
internal static class IdealFifoQueue
{
    /// <summary>Enough that the 99th percentile moves by well under 1% from one seed to another.</summary>
    public const int Arrivals = 1_000_000;

    private const double MillisecondsPerSecond = 1000;

    /// <summary>
    /// Time in the system (waiting plus computing) that <paramref name="fraction"/> of images stay within; null when the
    /// server cannot keep up (<paramref name="ratePerSecond"/> x <paramref name="serviceMs"/> at or above one second).
    /// </summary>
    public static double? SojournQuantileMs(double ratePerSecond, double serviceMs, double fraction, int seed) =>
        Sojourns(ratePerSecond, serviceMs, seed) is { } sorted ? Percentile.NearestRank(sorted, fraction) : null;

    /// <summary>Every arrival's time in the system, sorted; null when the queue would grow without bound.</summary>
    internal static double[]? Sojourns(double ratePerSecond, double serviceMs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serviceMs);
        if (ratePerSecond * serviceMs >= MillisecondsPerSecond)
            return null;

        var random = new Random(seed);
        var meanGapMs = MillisecondsPerSecond / ratePerSecond;
        var sojourns = new double[Arrivals];
        var wait = 0.0;
        for (var i = 0; i < sojourns.Length; i++)
        {
            sojourns[i] = wait + serviceMs;
            // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
            var gap = -meanGapMs * Math.Log(1 - random.NextDouble());
            wait = Math.Max(0, wait + serviceMs - gap);
        }
        Array.Sort(sojourns);
        return sojourns;
    }
}
