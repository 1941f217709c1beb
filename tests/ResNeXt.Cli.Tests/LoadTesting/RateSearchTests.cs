using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Cli.Tests.LoadTesting;

public sealed class RateSearchTests
{
    private const double Capacity = 100;
    private const double IdleLatencyMs = 10;

    /// <summary>An M/M/1-like tail: the idle latency at no load, growing without bound towards the capacity.</summary>
    private static Task<double> FakeP99(double rate) => Task.FromResult(IdleLatencyMs / (1 - rate / Capacity));

    [Theory]
    [InlineData(30, 6)]
    [InlineData(30, 10)]
    [InlineData(12, 8)]
    [InlineData(200, 8)]
    public async Task FindsTheHighestRateUnderTheBoundToWithinTheStepResolution(double boundMs, int steps)
    {
        var threshold = Capacity * (1 - IdleLatencyMs / boundMs);

        var result = await RateSearch.FindAsync(Capacity, steps, FakeP99, p99 => p99 <= boundMs);

        Assert.Equal(steps, result.Steps.Count);
        var found = Assert.NotNull(result.HighestRateMeetingBound);
        Assert.InRange(found, threshold - Capacity / Math.Pow(2, steps), threshold);
        Assert.All(result.Steps, step => Assert.Equal(step.Result <= boundMs, step.Met));
        // Bisection: everything that met the bound lies below everything that missed it.
        var met = result.Steps.Where(s => s.Met).Select(s => s.Rate).DefaultIfEmpty(0).Max();
        var missed = result.Steps.Where(s => !s.Met).Select(s => s.Rate).DefaultIfEmpty(Capacity).Min();
        Assert.True(met < missed);
    }

    [Fact]
    public async Task FirstProbeIsHalfTheUpperRate()
    {
        var result = await RateSearch.FindAsync(Capacity, 1, FakeP99, _ => true);

        Assert.Equal(Capacity / 2, Assert.Single(result.Steps).Rate);
        Assert.Equal(Capacity / 2, result.HighestRateMeetingBound);
    }

    [Fact]
    public async Task ABoundNothingMeetsFindsNoRate()
    {
        var result = await RateSearch.FindAsync(Capacity, 5, FakeP99, p99 => p99 < IdleLatencyMs);

        Assert.Null(result.HighestRateMeetingBound);
        Assert.All(result.Steps, step => Assert.False(step.Met));
        Assert.Equal(Capacity / 32, result.Steps[^1].Rate);
    }

    [Fact]
    public async Task ABoundEverythingMeetsClimbsTowardsTheUpperRate()
    {
        var result = await RateSearch.FindAsync(Capacity, 4, FakeP99, _ => true);

        Assert.Equal(Capacity * (1 - 1.0 / 16), result.HighestRateMeetingBound);
    }
}
