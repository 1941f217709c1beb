namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// The latency that queueing alone causes: an ideal server that takes images first come, first served, computes each
/// alone in a fixed time and costs nothing else (an M/D/1 queue), replayed over a list of arrivals by Lindley's
/// recursion. Fed the very Poisson schedule a server point sent, it says what that point's p99 would have been with no
/// cost but the compute, so the measured p99 can be judged against what the arrivals themselves made unavoidable.
/// </summary>
internal static class IdealFifoQueue
{
    private const double MillisecondsPerSecond = 1000;

    /// <summary>Each arrival's time in the system (waiting plus computing) in ms, sorted ascending.</summary>
    /// <param name="arrivalSeconds">Ascending, from the start (an empty queue).</param>
    public static double[] Sojourns(IReadOnlyList<double> arrivalSeconds, double serviceMs)
    {
        ArgumentNullException.ThrowIfNull(arrivalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serviceMs);
        var sojourns = new double[arrivalSeconds.Count];
        var freeAtMs = 0.0;
        for (var i = 0; i < sojourns.Length; i++)
        {
            var arrivalMs = arrivalSeconds[i] * MillisecondsPerSecond;
            var doneMs = Math.Max(freeAtMs, arrivalMs) + serviceMs;
            sojourns[i] = doneMs - arrivalMs;
            freeAtMs = doneMs;
        }
        Array.Sort(sojourns);
        return sojourns;
    }
}
