using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Cli.Tests.LoadTesting;

/// <summary>
/// The simulated M/D/1 queue against queueing theory's closed forms: the Pollaczek-Khinchine mean wait and Erlang's
/// distribution of the wait, neither of which the simulation uses.
/// </summary>
public sealed class IdealFifoQueueTests
{
    private const double ServiceMs = 10;
    private const int Seed = 20240601;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void MeanWaitIsPollaczekKhinchines(double utilisation)
    {
        var sojourns = IdealFifoQueue.Sojourns(RateFor(utilisation), ServiceMs, Seed)!;

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

        var p99 = IdealFifoQueue.SojournQuantileMs(rate, ServiceMs, 0.99, Seed)!.Value;

        Assert.InRange(ErlangWaitCdf(p99 - ServiceMs, rate / 1000, ServiceMs), 0.988, 0.992);
    }

    [Fact]
    public void AServerThatCannotKeepUpHasNoTail()
    {
        Assert.Null(IdealFifoQueue.SojournQuantileMs(RateFor(1), ServiceMs, 0.99, Seed));
        Assert.Null(IdealFifoQueue.SojournQuantileMs(RateFor(1.2), ServiceMs, 0.99, Seed));
    }

    [Fact]
    public void TheSameSeedGivesTheSameAnswer() =>
        Assert.Equal(IdealFifoQueue.SojournQuantileMs(RateFor(0.6), ServiceMs, 0.99, Seed),
            IdealFifoQueue.SojournQuantileMs(RateFor(0.6), ServiceMs, 0.99, Seed));

    [Fact]
    public void TheReferenceAddsWhatBatchOneLatencyHasBeyondThePassOnce()
    {
        const double batch1 = 14;
        var rate = RateFor(0.6);

        var reference = LoadTest.IdealFifoP99Ms(rate, batch1, ServiceMs, Seed);

        Assert.Equal(IdealFifoQueue.SojournQuantileMs(rate, ServiceMs, 0.99, Seed)!.Value + (batch1 - ServiceMs), reference!.Value, 9);
        Assert.Null(LoadTest.IdealFifoP99Ms(rate, batch1, batch1PassMs: null, Seed));
    }

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
