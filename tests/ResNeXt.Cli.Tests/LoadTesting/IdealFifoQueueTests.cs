using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Cli.Tests.LoadTesting;

/// <summary>
/// The ideal queue over a long Poisson schedule against queueing theory's closed forms for M/D/1, which it does not
/// use: the Pollaczek-Khinchine mean wait and Erlang's distribution of the wait.
/// </summary>
public sealed class IdealFifoQueueTests
{
    private const double ServiceMs = 10;
    private const int LongRun = 1_000_000;
    private const int Seed = 20240601;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void MeanWaitIsPollaczekKhinchines(double utilisation)
    {
        var sojourns = IdealFifoQueue.Sojourns(PoissonSchedule.Arrivals(RateFor(utilisation), LongRun, Seed), ServiceMs);

        var meanWait = sojourns.Average() - ServiceMs;
        var expected = utilisation * ServiceMs / (2 * (1 - utilisation));
        Assert.InRange(meanWait, expected * 0.98, expected * 1.02);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void NinetyNinthPercentileHasErlangsProbability(double utilisation)
    {
        var rate = RateFor(utilisation);

        var p99 = Percentile.NearestRank(IdealFifoQueue.Sojourns(PoissonSchedule.Arrivals(rate, LongRun, Seed), ServiceMs), 0.99);

        Assert.InRange(ErlangWaitCdf(p99 - ServiceMs, rate / 1000, ServiceMs), 0.988, 0.992);
    }

    [Fact]
    public void ArrivalsFartherApartThanTheServiceNeverWait()
    {
        var sojourns = IdealFifoQueue.Sojourns([0.0, 0.011, 0.030, 0.0405], ServiceMs);

        Assert.All(sojourns, s => Assert.Equal(ServiceMs, s, 9));
    }

    [Fact]
    public void ABurstQueuesBehindItsFirstArrival()
    {
        // Three at once, then one after the burst has cleared: 10, 20 and 30 ms, then 10 again.
        var sojourns = IdealFifoQueue.Sojourns([0.1, 0.1, 0.1, 0.2], ServiceMs);

        Assert.Equal([10, 10, 20, 30], sojourns.Select(s => Math.Round(s, 9)));
    }

    [Fact]
    public void TheReferenceAddsWhatBatchOneLatencyHasBeyondThePassOnce()
    {
        const double batch1 = 14, batch1Pass = 12;
        double[] arrivals = [0.1, 0.1, 0.1, 0.2];

        var reference = LoadTest.IdealFifoP99Ms(arrivals, batch1, batch1Pass, ServiceMs);

        // The burst's last image: 30 ms of queueing and compute, plus the 2 ms of batch-1 latency that is not its pass.
        Assert.Equal(30 + (batch1 - batch1Pass), reference!.Value, 9);
        Assert.Null(LoadTest.IdealFifoP99Ms(arrivals, batch1, batch1PassMs: null, ServiceMs));
        Assert.Null(LoadTest.IdealFifoP99Ms(arrivals, batch1, batch1Pass, imageMs: null));
    }

    [Fact]
    public void TheComputePerImageIsThePointThatBatchedBest()
    {
        LoadPoint[] offline = [Point(passMs: 50, batch: 1), Point(passMs: 180, batch: 4), Point(passMs: null, batch: 8), Point(passMs: 95, batch: 2)];

        Assert.Equal(45, LoadTest.FastestImageMs(offline));
        Assert.Null(LoadTest.FastestImageMs([Point(passMs: null, batch: 2)]));
    }

    private static LoadPoint Point(double? passMs, double batch) =>
        new(Concurrency: 1, OfferedRate: null, Requests: 1, Succeeded: 1, Seconds: 1, ImagesPerSecond: 1, LatencyMs: null,
            new ErrorCounts(new SortedDictionary<string, int>(), new SortedDictionary<string, int>()), batch, passMs, ScheduleLagP99Ms: null);

    private static double RateFor(double utilisation) => utilisation * 1000 / ServiceMs;

    /// <summary>P(wait &lt;= t) in an M/D/1 queue (Erlang, 1909), arrival rate per ms and service time in ms.</summary>
    private static double ErlangWaitCdf(double t, double ratePerMs, double serviceMs)
    {
        var sum = 0.0;
        var factorial = 1.0;
        for (var k = 0; k <= (int)Math.Floor(t / serviceMs); k++)
        {
            if (k > 0)
                factorial *= k;
            var x = ratePerMs * (k * serviceMs - t);
            sum += Math.Pow(x, k) / factorial * Math.Exp(-x);
        }
        return (1 - ratePerMs * serviceMs) * sum;
    }
}
