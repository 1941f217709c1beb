// Field names below are state-dict keys: TorchSharp's RegisterComponents turns them into the official
// mmpretrain names (conv1, bn1, layer1, ...), so they follow PyTorch's snake_case, not .NET naming.
#pragma warning disable IDE1006

using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary>
/// mmpretrain <c>ResNeXt</c> backbone (resnet.py / resnext.py, style="pytorch", deep_stem=False): a 7x7/2 stem
/// with max pooling, then four stages of <see cref="Bottleneck"/>s, the first downsampling by 1, 2, 2, 2.
/// </summary>
public sealed class ResNeXtBackbone : Module<Tensor, Tensor>
{
    internal const double BatchNormEps = 1e-5;
    internal const double BatchNormMomentum = 0.1;
    private const int StemKernel = 7;
    private const int StemStride = 2;
    private const int StemPadding = 3;
    private const int PoolKernel = 3;
    private const int PoolStride = 2;
    private const int PoolPadding = 1;
    private const int DownsamplingStride = 2;
    private const int ImageChannels = 3;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    public ResNeXtBackbone(ResNeXtSpec spec) : base(nameof(ResNeXtBackbone))
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.BlocksPerStage.Count != Stages)
            throw new ArgumentException($"A ResNeXt has {Stages} stages, not {spec.BlocksPerStage.Count}.", nameof(spec));

        Spec = spec;
        conv1 = Conv2d(ImageChannels, spec.StemChannels, kernel_size: StemKernel, stride: StemStride, padding: StemPadding, bias: false);
        bn1 = Bottleneck.Norm(spec.StemChannels);
        maxpool = MaxPool2d(kernel_size: PoolKernel, stride: PoolStride, padding: PoolPadding);

        long inChannels = spec.StemChannels;
        layer1 = MakeLayer(spec, 0, ref inChannels);
        layer2 = MakeLayer(spec, 1, ref inChannels);
        layer3 = MakeLayer(spec, 2, ref inChannels);
        layer4 = MakeLayer(spec, 3, ref inChannels);
        RegisterComponents();
    }

    public const int Stages = 4;

    public ResNeXtSpec Spec { get; }

    /// <summary>
    /// One stage (mmpretrain ResLayer): block 0 changes the width and, after stage 0, halves the resolution, so it
    /// always gets a projection shortcut (1x1 strided conv + BN); the remaining blocks keep the shape.
    /// </summary>
    private static Sequential MakeLayer(ResNeXtSpec spec, int stage, ref long inChannels)
    {
        // Xie et al. 2017, "Aggregated Residual Transformations", Table 1: the grouped conv is groups x width wide.
        long mid = spec.MidChannels(stage);
        long outChannels = spec.Planes(stage) * ResNeXtSpec.Expansion;
        long stride = stage == 0 ? 1 : DownsamplingStride;

        var blocks = new Module<Tensor, Tensor>[spec.BlocksPerStage[stage]];
        for (var i = 0; i < blocks.Length; i++)
        {
            var first = i == 0;
            blocks[i] = new Bottleneck(first ? inChannels : outChannels, mid, outChannels, spec.Groups, first ? stride : 1, project: first);
        }

        inChannels = outChannels;
        return Sequential(blocks);
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.call(functional.relu(bn1.call(conv1.call(images))));
        x = layer1.call(x);
        x = layer2.call(x);
        x = layer3.call(x);
        x = layer4.call(x);
        return x.MoveToOuterDisposeScope();
    }

    internal FoldedBackbone Fold() =>
        new(BatchNormFolding.Fold(conv1, bn1), [FoldLayer(layer1), FoldLayer(layer2), FoldLayer(layer3), FoldLayer(layer4)]);

    private static Sequential FoldLayer(Sequential layer) =>
        Sequential(layer.children().Cast<Bottleneck>().Select(Module<Tensor, Tensor> (b) => b.Fold()).ToArray());
}
