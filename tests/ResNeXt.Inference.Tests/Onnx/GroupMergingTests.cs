using Microsoft.ML.OnnxRuntime;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Onnx;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Tests.Model;
using ResNeXt.Inference.Tests.Reference;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Tests.Onnx;

/// <summary>
/// Merged groups must be the same convolution: on random weights in TorchSharp, and end to end as the tiny model's ONNX
/// graph, merged (what an AVX-512 host serves) against the checkpoint's groups (what every other host serves).
/// </summary>
public sealed class GroupMergingTests
{
    private const double SameFunctionMaxAbsError = 1e-5;

    [Theory]
    [InlineData(32, 4, 16, 4)]
    [InlineData(32, 8, 16, 2)]
    [InlineData(32, 16, 16, 1)]
    [InlineData(32, 32, 16, 1)]
    [InlineData(1, 3, 16, 1)]
    [InlineData(6, 4, 16, 1)]
    [InlineData(32, 3, 16, 1)]
    [InlineData(32, 4, GroupMerging.None, 1)]
    public void GroupsMergeOnlyUpToTheBlockAndOnlyWhenTheyDivideEvenly(long groups, long channelsPerGroup, int block, long expected) =>
        Assert.Equal(expected, GroupMerging.Factor(groups, channelsPerGroup, block));

    [Fact]
    public void MergedWeightsAreTheGroupsOnTheDiagonalAndZerosElsewhere()
    {
        using var scope = NewDisposeScope();
        const long groups = 8, factor = 4, perGroup = 4;
        var weight = randn(groups * perGroup, perGroup, 3, 3, generator: new TorchSharp.torch.Generator(7));

        var merged = GroupMerging.Merge(weight, groups, factor);

        Assert.Equal([groups * perGroup, factor * perGroup, 3L, 3L], merged.shape);
        for (long output = 0; output < groups * perGroup; output++)
        {
            var member = output / perGroup % factor;
            for (long block = 0; block < factor; block++)
            {
                var slice = merged[output, TensorIndex.Slice(block * perGroup, (block + 1) * perGroup)];
                if (block == member)
                    Assert.True(slice.eq(weight[output]).all().item<bool>(), $"output {output}: its own weights");
                else
                    Assert.Equal(0, slice.abs().sum().item<float>());
            }
        }
    }

    [Fact]
    public void MergedConvolutionComputesTheSameFunction()
    {
        using var scope = NewDisposeScope();
        const long groups = 32, perGroup = 4;
        var generator = new TorchSharp.torch.Generator(11);
        var input = randn(2, groups * perGroup, 14, 14, generator: generator);
        var weight = randn(groups * perGroup, perGroup, 3, 3, generator: generator);
        var bias = randn(groups * perGroup, generator: generator);
        var factor = GroupMerging.Factor(groups, perGroup, GroupMerging.Avx512Block);

        var expected = nn.functional.conv2d(input, weight, bias, padding: [1, 1], groups: groups);
        var actual = nn.functional.conv2d(input, GroupMerging.Merge(weight, groups, factor), bias, padding: [1, 1], groups: groups / factor);

        Assert.True((expected - actual).abs().max().item<float>() <= SameFunctionMaxAbsError);
    }

    [Fact]
    public void MergedGraphGivesTheCheckpointsGraphsOutputs()
    {
        var inputs = NpyArray.Load(ReferenceModels.File(ReferenceModels.Tiny, "inputs.npy"));
        using var engine = ResNeXtEngine.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny), new ResNeXtEngineOptions(FoldBatchNorm: true));

        var portable = Logits(OnnxRuntimeEngine.ExportGraph(engine), inputs);
        var merged = Logits(OnnxRuntimeEngine.ExportGraph(engine, GroupMerging.Avx512Block), inputs);

        Assert.Equal(portable.Length, merged.Length);
        Assert.True(portable.Zip(merged).Max(p => Math.Abs(p.First - p.Second)) <= SameFunctionMaxAbsError);
        Assert.NotEqual(OnnxRuntimeEngine.ExportGraph(engine), OnnxRuntimeEngine.ExportGraph(engine, GroupMerging.Avx512Block));
    }

    private static float[] Logits(byte[] graph, NpyArray inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(graph, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs.AsFloat32(),
            [inputs.Shape[0], ImageNetPipeline.Channels, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxTensorNames.Input], [input], [OnnxTensorNames.Logits]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
