namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// Bisection for the highest arrival rate whose measurement meets a bound, between 0 (an idle service meets any sane
/// bound) and an upper rate (the offline maximum, which an open-loop load cannot sustain with a bounded tail). Each
/// step halves the interval, so <c>steps</c> probes pin the answer to upper / 2^steps. Latency is assumed to grow with
/// the rate; on a noisy machine it only roughly does, which is why every probe is kept for the report.
/// </summary>
internal static class RateSearch
{
    public static async Task<RateSearchResult<T>> FindAsync<T>(
        double upperRate, int steps, Func<double, Task<T>> measure, Func<T, bool> meetsBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(upperRate);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var low = 0.0;
        var high = upperRate;
        double? best = null;
        var trail = new List<SearchStep<T>>(steps);
        for (var i = 0; i < steps; i++)
        {
            var rate = (low + high) / 2;
            var result = await measure(rate);
            var met = meetsBound(result);
            trail.Add(new SearchStep<T>(rate, met, result));
            if (met)
            {
                low = rate;
                best = rate;
            }
            else
            {
                high = rate;
            }
        }
        return new RateSearchResult<T>(best, trail);
    }
}
