namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// Outcomes of the requests of one load point, added from many tasks at once. Latency is kept for answered 2xx
/// requests only: a 429 that comes back at once would otherwise make an overloaded service look fast.
/// </summary>
internal sealed class RequestTally
{
    private readonly Lock gate = new();
    private readonly List<double> latencies = [];
    private readonly SortedDictionary<string, int> statuses = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> failures = new(StringComparer.Ordinal);
    private int requests;

    public void Add(RequestOutcome outcome)
    {
        lock (gate)
        {
            requests++;
            if (outcome.Succeeded)
                latencies.Add(outcome.LatencyMs);
            else if (outcome.Status is { } status)
                Increment(statuses, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else
                Increment(failures, outcome.Failure ?? "unknown");
        }
    }

    /// <summary>This tally as a report point; <paramref name="seconds"/> is the wall time from the first send to the last answer.</summary>
    public LoadPoint ToPoint(int? concurrency, double? offeredRate, double seconds, PassMeans? passes, double? scheduleLagP99Ms)
    {
        lock (gate)
        {
            return new LoadPoint(concurrency, offeredRate, requests, latencies.Count, seconds, seconds > 0 ? latencies.Count / seconds : 0,
                LatencySummary.Of(latencies), new ErrorCounts(new SortedDictionary<string, int>(statuses), new SortedDictionary<string, int>(failures)),
                passes?.MeanBatchSize, passes?.MeanPassMs, scheduleLagP99Ms);
        }
    }

    private static void Increment(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
