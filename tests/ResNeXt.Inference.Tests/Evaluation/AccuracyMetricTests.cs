using ResNeXt.Inference.Evaluation;

namespace ResNeXt.Inference.Tests.Evaluation;

public sealed class AccuracyMetricTests
{
    private const int Classes = 6;

    [Fact]
    public void LabelAtRankKCountsForTopKButNotBelow()
    {
        var metric = new AccuracyMetric(Classes);
        int[] ranked = [4, 3, 2, 1, 0, 5];

        metric.Add(label: 4, ranked);
        metric.Add(label: 0, ranked);
        metric.Add(label: 5, ranked);
        var report = metric.Report(Names());

        Assert.Equal([1L, 2L], report.TopK.Select(t => t.Correct));
        Assert.All(report.TopK, t => Assert.Equal(3, t.Total));
        Assert.Equal(AccuracyMetric.Percent(1, 3), report.TopK[0].Percent);
    }

    [Fact]
    public void PercentIsRoundedThroughFloat32LikeLibtorch() =>
        Assert.Equal((double)(float)(100.0 / 3), AccuracyMetric.Percent(1, 3));

    [Fact]
    public void TopKLargerThanTheClassCountIsDropped()
    {
        var metric = new AccuracyMetric(numClasses: 4);

        Assert.Equal([1], metric.Ks);
        Assert.Equal(1, metric.MaxK);
    }

    [Fact]
    public void ConfusionsCountWrongTopOnePredictionsMostFrequentFirst()
    {
        var metric = new AccuracyMetric(Classes);
        metric.Add(0, [1, 0, 2, 3, 4]);
        metric.Add(2, [3, 2, 1, 0, 4]);
        metric.Add(2, [3, 2, 1, 0, 4]);
        metric.Add(5, [5, 2, 1, 0, 4]);

        var report = metric.Report(Names());

        Assert.Equal([(2, 3, 2L), (0, 1, 1L)], report.Confusions.Select(c => (c.Label, c.Predicted, c.Count)));
        Assert.Equal("c2", report.Confusions[0].Name);
        Assert.Equal([1L, 0, 2, 0, 0, 1], report.PerClass.Select(c => c.Images));
        Assert.Equal(100.0, report.PerClass[5].Accuracy[0].Percent);
        Assert.Equal(0, report.PerClass[1].Accuracy[0].Percent);
    }

    private static string[] Names() => [.. Enumerable.Range(0, Classes).Select(c => $"c{c}")];
}
