using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Model;
using TorchSharp;

namespace ResNeXt.Inference.Tests.Engine;

public sealed class ResNeXtEngineTests
{
    private const int LeakCheckCalls = 1_000;
    private const int WarmUpCalls = 5;

    [Fact]
    public void EngineDescribesItsCheckpoint()
    {
        var path = ReferenceModels.Checkpoint(ReferenceModels.Tiny);
        var (spec, numClasses) = ReferenceModels.Spec(ReferenceModels.Tiny);
        using var engine = ResNeXtEngine.Load(path);

        Assert.Equal(spec, engine.Spec);
        Assert.Equal(numClasses, engine.NumClasses);
        Assert.Equal(spec.FeatureDim, engine.FeatureDim);
        Assert.Equal(numClasses, engine.Classes.Count);
        Assert.Null(engine.Name);
        Assert.Equal(Path.GetFullPath(path), engine.CheckpointPath);
        Assert.Matches("^[0-9a-f]{64}$", engine.Sha256);
        Assert.True(engine.ParameterCount > 0);
    }

    [Fact]
    public void OnlyRequestedOutputsAreReturned()
    {
        using var engine = ResNeXtEngine.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny));
        var outputs = engine.Run(new float[ImageNetPipeline.TensorLength], 1, OutputKinds.Neck);

        Assert.Null(outputs.Logits);
        Assert.Null(outputs.Scores);
        Assert.Null(outputs.Backbone);
        Assert.Equal(engine.FeatureDim, outputs.NeckOf(0).Length);
    }

    [Fact]
    public void ScoresOfEachItemSumToOne()
    {
        using var engine = ResNeXtEngine.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny));
        var outputs = engine.Run(RandomImages(2), 2, OutputKinds.Scores);
        for (var item = 0; item < 2; item++)
        {
            var sum = 0.0;
            foreach (var score in outputs.ScoresOf(item).Span) sum += score;
            Assert.Equal(1.0, sum, 1e-5);
        }
    }

    [Fact]
    public void WrongInputLengthIsRejected()
    {
        using var engine = ResNeXtEngine.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny));
        Assert.Throws<ArgumentException>(() => engine.Run(new float[ImageNetPipeline.TensorLength], 2, OutputKinds.Logits));
    }

    [Fact]
    public void ThousandRunsLeaveNoLiveTensorsBehind()
    {
        using var engine = ResNeXtEngine.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny));
        var all = OutputKinds.Logits | OutputKinds.Scores | OutputKinds.Neck | OutputKinds.Backbone;
        var batches = new[] { RandomImages(1), RandomImages(2) };
        for (var i = 0; i < WarmUpCalls; i++) engine.Run(batches[0], 1, all);

        // Tensor lifetimes are counted per thread, and this test creates every tensor on its own thread.
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;
        var before = statistics.ThreadTotalLiveCount;
        for (var i = 0; i < LeakCheckCalls; i++)
        {
            var size = i % 2 + 1;
            engine.Run(batches[size - 1], size, i % 3 == 0 ? OutputKinds.Neck : all);
        }

        Assert.Equal(before, statistics.ThreadTotalLiveCount);
    }

    private static float[] RandomImages(int count)
    {
        var random = new Random(count);
        return [.. Enumerable.Range(0, count * ImageNetPipeline.TensorLength).Select(_ => (float)random.NextDouble())];
    }
}
