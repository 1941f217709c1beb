using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Model;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Onnx;

/// <summary>
/// The ONNX Runtime engine writes every batch into output memory it keeps for the session: results must still be
/// exactly the batch's rows whatever sizes came before, and a steady-state batch must not allocate its outputs again.
/// </summary>
public sealed class OnnxRuntimeEngineTests
{
    private const OutputKinds Everything = OutputKinds.Logits | OutputKinds.Scores | OutputKinds.Neck | OutputKinds.Backbone;
    private const double SameImageMaxAbsError = 1e-5;
    private const int WarmUpPasses = 3;

    private static readonly ResNeXtEngineOptions OnnxRuntime = new(Backend: EngineBackend.OnnxRuntime);

    [Fact]
    public void BatchesOfChangingSizeGiveEachImageItsOwnRows()
    {
        var inputs = NpyArray.Load(ReferenceModels.File(ReferenceModels.Tiny, "inputs.npy"));
        var images = inputs.AsFloat32();
        var count = inputs.Shape[0];
        using var engine = EngineFactory.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny), OnnxRuntime);

        // Largest batch first, so the smaller ones that follow reuse (and must not read past) the grown buffers.
        var whole = engine.Run(images, count, Everything);
        var expected = Enumerable.Range(0, count).Select(i => Copy(whole, i)).ToArray();
        Assert.Equal(count * engine.NumClasses, whole.Logits!.Value.Length);

        for (var size = 1; size < count; size++)
        {
            for (var first = 0; first + size <= count; first++)
            {
                var slice = images.AsSpan(first * ImageNetPipeline.TensorLength, size * ImageNetPipeline.TensorLength);
                var outputs = engine.Run(slice, size, Everything);
                Assert.Equal(size * engine.NumClasses, outputs.Scores!.Value.Length);
                Assert.Equal(size * engine.FeatureDim, outputs.Neck!.Value.Length);
                for (var i = 0; i < size; i++)
                    AssertClose(expected[first + i], Copy(outputs, i));
            }
        }
    }

    [Fact]
    public void OnlyRequestedOutputsAreReturned()
    {
        using var engine = EngineFactory.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny), OnnxRuntime);
        engine.Run(new float[2 * ImageNetPipeline.TensorLength], 2, Everything);

        var outputs = engine.Run(new float[ImageNetPipeline.TensorLength], 1, OutputKinds.Neck);

        Assert.Null(outputs.Logits);
        Assert.Null(outputs.Scores);
        Assert.Null(outputs.Backbone);
        Assert.Equal(engine.FeatureDim, outputs.Neck!.Value.Length);
    }

    [Fact]
    public void SteadyStateBatchAllocatesLessThanItsOutputs()
    {
        const int batch = 2;
        using var engine = EngineFactory.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny), OnnxRuntime);
        var input = new float[batch * ImageNetPipeline.TensorLength];
        BatchOutputs outputs = null!;
        for (var i = 0; i < WarmUpPasses; i++)
            outputs = engine.Run(input, batch, Everything);
        var outputBytes = sizeof(float) *
            (outputs.Logits!.Value.Length + outputs.Scores!.Value.Length + outputs.Neck!.Value.Length + outputs.Backbone!.Value.Length);

        var before = GC.GetAllocatedBytesForCurrentThread();
        engine.Run(input, batch, Everything);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Current.TestOutputHelper?.WriteLine($"one pass allocated {allocated} managed bytes; its outputs are {outputBytes} bytes");
        // What remains is per-call bookkeeping (the input's OrtValue, the result record, ONNX Runtime's name marshalling),
        // a small fraction of what allocating the outputs would cost.
        Assert.True(allocated < outputBytes / 10, $"{allocated} bytes allocated by a pass whose outputs are {outputBytes} bytes");
    }

    private static float[][] Copy(BatchOutputs outputs, int item) =>
        [outputs.LogitsOf(item).ToArray(), outputs.ScoresOf(item).ToArray(), outputs.NeckOf(item).ToArray(), outputs.BackboneOf(item).ToArray()];

    private static void AssertClose(float[][] expected, float[][] actual)
    {
        for (var output = 0; output < expected.Length; output++)
        {
            Assert.Equal(expected[output].Length, actual[output].Length);
            var error = expected[output].Zip(actual[output], (e, a) => Math.Abs((double)e - a)).Max();
            Assert.True(error <= SameImageMaxAbsError, $"output {output}: max abs difference {error} for the same image");
        }
    }
}
