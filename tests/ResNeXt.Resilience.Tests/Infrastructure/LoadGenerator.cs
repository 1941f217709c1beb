using System.Collections.Concurrent;
using System.Diagnostics;
using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each send one request after another until <c>maxRequests</c> were
/// sent, <c>stop</c> is cancelled, or <c>timeLimit</c> passed, whichever comes first, so every run is bounded.
/// </summary>
public sealed class LoadGenerator(HttpClient client, Func<int, HttpRequestMessage> request, Func<int, string, bool>? isCorrect = null)
{
    private const double Median = 0.50;
    private const double TailPercentile = 0.99;

    public async Task<LoadResult> RunAsync(int concurrency, int maxRequests, TimeSpan timeLimit, CancellationToken stop)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var latencies = new ConcurrentBag<double>();
        var transportFailures = 0;
        var wrongAnswers = 0;
        var next = -1;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(timeLimit);
        var clock = Stopwatch.StartNew();

        async Task Worker()
        {
            int index;
            while (!limit.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < maxRequests)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var message = request(index);
                    // Not the stop token: a request already sent always runs to its answer, so none is counted as lost
                    // just because the scenario ended.
                    using var response = await client.SendAsync(message, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.IsSuccessStatusCode && isCorrect is not null && !isCorrect(index, body)) Interlocked.Increment(ref wrongAnswers);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref transportFailures);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref transportFailures);
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, CancellationToken.None)));
        var sorted = latencies.Order().ToArray();
        return new LoadResult(sorted.Length, new SortedDictionary<int, int>(statuses), transportFailures, wrongAnswers,
            Percentile.NearestRank(sorted, Median), Percentile.NearestRank(sorted, TailPercentile), clock.Elapsed.TotalSeconds);
    }
}
