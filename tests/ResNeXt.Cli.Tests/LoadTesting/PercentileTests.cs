using ResNeXt.Cli.LoadTesting;

namespace ResNeXt.Cli.Tests.LoadTesting;

public sealed class PercentileTests
{
    private static readonly double[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.90, 90)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    [InlineData(0.001, 1)]
    [InlineData(0.07, 7)] // 0.07 x 100 is 7.000000000000001 in floating point: still the 7th value, not the 8th.
    public void NearestRankIsAValueThatOccurred(double fraction, double expected) =>
        Assert.Equal(expected, Percentile.NearestRank(OneToHundred, fraction));

    [Fact]
    public void RankRoundsUpOnSmallSamples()
    {
        double[] ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

        Assert.Equal(90, Percentile.NearestRank(ten, 0.90));
        Assert.Equal(100, Percentile.NearestRank(ten, 0.99));
        Assert.Equal(50, Percentile.NearestRank(ten, 0.50));
    }

    [Fact]
    public void EmptyIsZeroAndOneValueIsEveryPercentile()
    {
        Assert.Equal(0, Percentile.NearestRank([], 0.99));
        Assert.Equal(7, Percentile.NearestRank([7], 0.01));
        Assert.Equal(7, Percentile.NearestRank([7], 0.99));
    }

    [Fact]
    public void SummarySortsItsInputAndReportsMaxAndMean()
    {
        var summary = LatencySummary.Of(OneToHundred.Reverse());

        Assert.Equal(new LatencySummary(50, 90, 99, 100, 50.5), summary);
    }

    [Fact]
    public void NoAnsweredRequestHasNoSummary() => Assert.Null(LatencySummary.Of([]));
}
