using ResNeXt.Cli.Benchmarking;
using ResNeXt.Benchmarks.Preprocessing;

namespace ResNeXt.Benchmarks.Tests;

public sealed class PreprocessingBenchmarkTests
{
    private static readonly MeasurementKey Small = new(PreprocessingModes.Single, "small.jpg");
    private static readonly MeasurementKey Large = new(PreprocessingModes.AllCores, "large.jpg");

    private static IReadOnlyDictionary<MeasurementKey, double[]> Round(double[] small, double[] large) =>
        new Dictionary<MeasurementKey, double[]> { [Small] = small, [Large] = large };

    [Fact]
    public void SummaryIsTheSpreadOfEachRoundsMedianInMillisecondsAndImagesPerSecond()
    {
        // Round medians for Small: 0.002, 0.004, 0.001 s; one stalled iteration per round must not move them.
        var rounds = new[]
        {
            Round([0.002, 0.002, 9], [0.01]),
            Round([0.004, 0.004, 0.003], [0.02]),
            Round([0.001, 0.001, 0.001], [0.04]),
        };

        var results = PreprocessingBenchmark.Summarise("ours", rounds, [Small, Large]).ToList();

        var small = results[0];
        Assert.Equal(("ours", PreprocessingModes.Single, "small.jpg"), (small.Contender, small.Mode, small.Image));
        Assert.Equal(new Spread(2, 1, 4), Rounded(small.MillisecondsPerImage));
        Assert.Equal(new Spread(500, 250, 1000), Rounded(small.ImagesPerSecond));
        Assert.Equal(new Spread(20, 10, 40), Rounded(results[1].MillisecondsPerImage));
    }

    [Fact]
    public void RatiosPairTheRoundsAndPutOursOverTheirs()
    {
        var ours = new[] { Round([0.001], [0.01]), Round([0.002], [0.01]) };
        // Round 1: they take 4x as long; round 2 (a burst of load hit both): 1.5x.
        var theirs = new[] { Round([0.004], [0.005]), Round([0.003], [0.005]) };

        var ratios = PreprocessingBenchmark.Ratios("ours", ours, "theirs", theirs, [Small, Large]).ToList();

        Assert.Equal(("ours", "theirs", PreprocessingModes.Single, "small.jpg"), (ratios[0].Numerator, ratios[0].Denominator, ratios[0].Mode, ratios[0].Image));
        Assert.Equal(new Spread(2.75, 1.5, 4), Rounded(ratios[0].Ratio));
        Assert.Equal(new Spread(0.5, 0.5, 0.5), Rounded(ratios[1].Ratio));
    }

    [Fact]
    public void RatiosRefuseRoundsThatDoNotPair()
    {
        var ours = new[] { Round([0.001], [0.01]) };
        var theirs = new[] { Round([0.001], [0.01]), Round([0.001], [0.01]) };

        Assert.Throws<ArgumentException>(() => PreprocessingBenchmark.Ratios("ours", ours, "theirs", theirs, [Small]));
    }

    [Fact]
    public void RoundOrderRotatesSoEveryContenderRunsFirstInTurn()
    {
        string[] contenders = ["a", "b", "c"];

        Assert.Equal(["a", "b", "c"], RoundOrder.Rotate(contenders, 0));
        Assert.Equal(["b", "c", "a"], RoundOrder.Rotate(contenders, 1));
        Assert.Equal(["c", "a", "b"], RoundOrder.Rotate(contenders, 2));
        Assert.Equal(["a", "b", "c"], RoundOrder.Rotate(contenders, 3));
    }

    private static Spread Rounded(Spread spread) =>
        new(Math.Round(spread.Median, 9), Math.Round(spread.Min, 9), Math.Round(spread.Max, 9));
}
