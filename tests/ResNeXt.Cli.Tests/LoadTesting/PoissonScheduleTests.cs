using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Cli.Tests.LoadTesting;

public sealed class PoissonScheduleTests
{
    private const int Seed = 7;

    [Fact]
    public void SameSeedGivesTheSameArrivalsAndAnotherSeedOthers()
    {
        Assert.Equal(PoissonSchedule.Arrivals(20, 100, Seed), PoissonSchedule.Arrivals(20, 100, Seed));
        Assert.NotEqual(PoissonSchedule.Arrivals(20, 100, Seed), PoissonSchedule.Arrivals(20, 100, Seed + 1));
    }

    [Fact]
    public void ArrivalsAscendFromAfterZero()
    {
        var arrivals = PoissonSchedule.Arrivals(5, 1000, Seed);

        Assert.True(arrivals[0] > 0);
        Assert.All(arrivals.Zip(arrivals.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(40)]
    [InlineData(2000)]
    public void GapsAreExponentialWithTheRequestedMeanRate(double rate)
    {
        const int count = 40_000;
        var arrivals = PoissonSchedule.Arrivals(rate, count, Seed);
        var gaps = arrivals.Zip(arrivals.Prepend(0), (now, before) => now - before).ToArray();

        // The mean of 40,000 exponential gaps has a relative standard error of 0.5%; 3% is six of them.
        var observedRate = count / arrivals[^1];
        Assert.InRange(observedRate / rate, 0.97, 1.03);
        // An exponential distribution's standard deviation equals its mean (a fixed pacing would give 0).
        var mean = gaps.Average();
        var deviation = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);
        Assert.InRange(deviation / mean, 0.95, 1.05);
        // And its median is ln 2 times the mean.
        Assert.InRange(gaps.Order().ElementAt(count / 2) / mean, Math.Log(2) * 0.95, Math.Log(2) * 1.05);
    }

    [Fact]
    public void ScalingTheRateScalesTheSameSchedule()
    {
        var slow = PoissonSchedule.Arrivals(10, 50, Seed);
        var fast = PoissonSchedule.Arrivals(20, 50, Seed);

        Assert.All(slow.Zip(fast), pair => Assert.Equal(pair.First, pair.Second * 2, 9));
    }

    [Fact]
    public void ZeroRateIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PoissonSchedule.Arrivals(0, 10, Seed));
}
