// Field names below are state-dict keys: TorchSharp's RegisterComponents turns them into the official
// mmpretrain names (conv1, bn1, downsample, ...), so they follow PyTorch's snake_case, not .NET naming.
#pragma warning disable IDE1006

using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary>
/// mmpretrain ResNeXt Bottleneck, "pytorch" style (the stride sits on the grouped 3x3, not on the first 1x1):
/// 1x1 reduce, 3x3 grouped, 1x1 expand to planes x 4, plus the (possibly projected) identity.
/// </summary>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    public Bottleneck(long inChannels, long midChannels, long outChannels, long groups, long stride, bool project)
        : base(nameof(Bottleneck))
    {
        conv1 = Conv2d(inChannels, midChannels, kernel_size: 1, bias: false);
        bn1 = Norm(midChannels);
        conv2 = Conv2d(midChannels, midChannels, kernel_size: 3, stride: stride, padding: 1, groups: groups, bias: false);
        bn2 = Norm(midChannels);
        conv3 = Conv2d(midChannels, outChannels, kernel_size: 1, bias: false);
        bn3 = Norm(outChannels);
        if (project)
            downsample = Sequential(Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false), Norm(outChannels));
        RegisterComponents();
    }

    /// <summary>mmcv's BN defaults, which are PyTorch's: eps 1e-5, momentum 0.1.</summary>
    internal static BatchNorm2d Norm(long channels) => BatchNorm2d(channels, eps: ResNeXtBackbone.BatchNormEps, momentum: ResNeXtBackbone.BatchNormMomentum);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? x : downsample.call(x);

        var out_ = functional.relu(bn1.call(conv1.call(x)));
        out_ = functional.relu(bn2.call(conv2.call(out_)));
        out_ = bn3.call(conv3.call(out_));

        return functional.relu(out_.add_(identity)).MoveToOuterDisposeScope();
    }

    /// <summary>The same block with every BatchNorm folded into the convolution before it.</summary>
    internal FoldedBottleneck Fold()
    {
        FoldedConv? projection = null;
        if (downsample is not null)
            projection = BatchNormFolding.Fold((Conv2d)downsample[0], (BatchNorm2d)downsample[1]);
        return new FoldedBottleneck(
            BatchNormFolding.Fold(conv1, bn1), BatchNormFolding.Fold(conv2, bn2), BatchNormFolding.Fold(conv3, bn3), projection);
    }
}
