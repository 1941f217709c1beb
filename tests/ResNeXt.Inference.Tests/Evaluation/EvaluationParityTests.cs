using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Evaluation;

namespace ResNeXt.Inference.Tests.Evaluation;

/// <summary>The accuracy of the reference checkpoint on the generated dataset equals PyTorch's, bit for bit.</summary>
public sealed class EvaluationParityTests
{
    private const int OddBatchSize = 7;

    [Theory]
    [InlineData(DatasetLayout.Annotated)]
    [InlineData(DatasetLayout.ClassFolders)]
    public void AccuracyEqualsMmpretrainsExactly(DatasetLayout layout)
    {
        var expected = EvaluationReference.Load();
        var dataset = DatasetReader.Open(layout == DatasetLayout.Annotated ? EvaluationReference.ImageNetLayout : EvaluationReference.FolderLayout);
        using var engine = ResNeXtEngine.Load(EvaluationReference.Checkpoint, new ResNeXtEngineOptions(FoldBatchNorm: false));

        var result = new DatasetEvaluator(engine, engine.Classes, new EvaluationOptions(OddBatchSize))
            .Evaluate(dataset, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(layout, dataset.Layout);
        Assert.True(result.Completed);
        Assert.Equal(expected.Images, result.Report.Total);
        Assert.Equal(["accuracy/top1", "accuracy/top5"], result.Report.TopK.Select(t => t.MetricName));
        Assert.Equal(expected.Top1, result.Report.TopK[0].Percent);
        Assert.Equal(expected.Top5, result.Report.TopK[1].Percent);
        Assert.Equal(expected.PerClassImages, result.Report.PerClass.Select(c => (int)c.Images));
        Assert.Equal(expected.PerClassTop1Correct, result.Report.PerClass.Select(c => (int)c.Accuracy[0].Correct));
    }

    [Fact]
    public void ImageNetAndFolderLayoutsLabelTheSameImagesAlike()
    {
        var expected = EvaluationReference.Load();
        var annotated = DatasetReader.Open(EvaluationReference.ImageNetLayout);
        var folders = DatasetReader.Open(EvaluationReference.FolderLayout);

        Assert.Equal(expected.Labels, annotated.Images.Select(i => i.Label));
        var byName = folders.Images.ToDictionary(i => Path.GetFileName(i.Path), i => i.Label);
        Assert.Equal(annotated.Images.Select(i => i.Label), annotated.Images.Select(i => byName[Path.GetFileName(i.Path)]));
    }
}
