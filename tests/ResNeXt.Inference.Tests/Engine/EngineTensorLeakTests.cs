using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Model;
using ResNeXt.Inference.Tests.Training;
using TorchSharp;

namespace ResNeXt.Inference.Tests.Engine;

/// <summary>
/// A forward pass must give back every TorchSharp tensor it makes, or a busy service grows until it dies. The count is
/// TorchSharp's process-wide one, so these run alone. (Loads cannot be checked this way: TorchSharp 0.107's
/// <c>Parameter(Tensor)</c> moves the handle out of its data tensor without uncounting it, so every parameter built
/// leaves one phantom in the count; that is why the service exports no live-tensor gauge.)
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class EngineTensorLeakTests
{
    private const int Passes = 3;
    private const int BatchSize = 2;
    private const OutputKinds Everything = OutputKinds.Logits | OutputKinds.Scores | OutputKinds.Neck | OutputKinds.Backbone;

    [Theory]
    [InlineData(EngineBackend.OnnxRuntime)]
    [InlineData(EngineBackend.TorchSharp)]
    public void ForwardPassesLeaveNoTensorBehind(EngineBackend backend)
    {
        using var engine = EngineFactory.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny), new ResNeXtEngineOptions(Backend: backend));
        var images = new float[BatchSize * ImageNetPipeline.TensorLength];
        engine.Run(images, BatchSize, Everything); // one-off costs of the first pass
        var before = LiveTensors();

        for (var i = 0; i < Passes; i++)
            engine.Run(images, BatchSize, Everything);

        Assert.Equal(before, LiveTensors());
    }

    /// <summary>Tensors that are merely unreachable are finalized (and uncounted) by a full collection; leaked ones stay.</summary>
    private static long LiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.Tensor.TotalCount;
    }

    /// <summary>
    /// Pins the TorchSharp behaviour above: when an upgrade fixes it, this fails, and a live-tensor gauge can return.
    /// </summary>
    [Fact]
    public void TorchSharpCountsAParameterThatWasDisposedAsLive()
    {
        var before = LiveTensors();

        using (var data = torch.ones(3))
        using (new TorchSharp.Modules.Parameter(data, requires_grad: false))
        {
        }

        Assert.Equal(before + 1, LiveTensors());
    }
}
