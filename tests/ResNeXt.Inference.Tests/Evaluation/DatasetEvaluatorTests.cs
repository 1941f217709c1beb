using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Evaluation;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Evaluation;

public sealed class DatasetEvaluatorTests
{
    private const int BatchSize = 4;

    [Fact]
    public void CancellingReturnsThePartialResultOfTheBatchesScored()
    {
        var dataset = DatasetReader.Open(EvaluationReference.ImageNetLayout);
        using var engine = ResNeXtEngine.Load(EvaluationReference.Checkpoint);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runner = new CancellingRunner(engine, cancel);

        var result = new DatasetEvaluator(runner, engine.Classes, new EvaluationOptions(BatchSize)).Evaluate(dataset, cancellationToken: cancel.Token);

        Assert.False(result.Completed);
        Assert.Equal(BatchSize, result.Report.Total);
        Assert.Equal(dataset.Images.Count, result.DatasetImages);
        Assert.Equal(1, runner.Passes);
    }

    [Fact]
    public void UnreadableImageFailsWithItsPath()
    {
        var folder = Directory.CreateTempSubdirectory("resnext-eval-");
        try
        {
            var broken = Path.Combine(folder.FullName, "cls", "broken.png");
            Directory.CreateDirectory(Path.GetDirectoryName(broken)!);
            File.WriteAllBytes(broken, [1, 2, 3]);
            using var engine = ResNeXtEngine.Load(EvaluationReference.Checkpoint);

            var error = Assert.Throws<InvalidImageException>(() =>
                new DatasetEvaluator(engine, engine.Classes).Evaluate(DatasetReader.Open(folder.FullName), cancellationToken: TestContext.Current.CancellationToken));

            Assert.Contains(broken, error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void LabelsBeyondTheModelsClassesAreInvalidDataset()
    {
        using var engine = ResNeXtEngine.Load(EvaluationReference.Checkpoint);
        var dataset = new LabelledDataset("/data", DatasetLayout.Annotated, null, [new LabelledImage("/data/a.png", engine.NumClasses)]);

        Assert.Throws<InvalidDatasetException>(() => new DatasetEvaluator(engine, engine.Classes).Evaluate(dataset, cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>Presses "Ctrl+C" right after its first forward pass.</summary>
    private sealed class CancellingRunner(IBatchRunner inner, CancellationTokenSource cancel) : IBatchRunner
    {
        public int Passes { get; private set; }

        public int NumClasses => inner.NumClasses;

        public int FeatureDim => inner.FeatureDim;

        public BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds)
        {
            Passes++;
            var outputs = inner.Run(input, batchSize, kinds);
            cancel.Cancel();
            return outputs;
        }

        public void Dispose() => inner.Dispose();
    }
}
