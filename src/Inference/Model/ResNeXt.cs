// Field names below are state-dict keys (backbone.*, head.*), so they follow PyTorch's snake_case.
#pragma warning disable IDE1006

using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary>
/// mmpretrain ImageClassifier(backbone=ResNeXt, neck=GlobalAveragePooling, head=LinearClsHead): the trainable
/// network whose state dict matches the official checkpoints key for key. For serving, <see cref="Fold"/> gives
/// an equivalent network with BatchNorm folded away.
/// </summary>
public sealed class ResNeXt : Module<Tensor, Tensor>, IResNeXtNetwork
{
    private readonly ResNeXtBackbone backbone;
    private readonly LinearClsHead head;

    public ResNeXt(ResNeXtSpec spec, int numClasses) : base(nameof(ResNeXt))
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        Spec = spec;
        NumClasses = numClasses;
        backbone = new ResNeXtBackbone(spec);
        head = new LinearClsHead(spec.FeatureDim, numClasses);
        RegisterComponents();
    }

    public ResNeXtSpec Spec { get; }

    public int NumClasses { get; }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Builds the network (randomly initialised, then freed) and counts its parameters: the figure mmpretrain publishes.</summary>
    public static long CountParameters(ResNeXtSpec spec, int numClasses)
    {
        using var model = new ResNeXt(spec, numClasses);
        return model.ParameterCount;
    }

    public override Tensor forward(Tensor images) => this.Classify(images);

    public Tensor Backbone(Tensor images) => backbone.call(images);

    public Tensor Neck(Tensor featureMap) => GlobalAveragePooling(featureMap);

    public Tensor Head(Tensor features) => head.call(features);

    /// <summary>mmpretrain GlobalAveragePooling: adaptive average pool to 1x1, then flatten to N x C.</summary>
    internal static Tensor GlobalAveragePooling(Tensor featureMap)
    {
        using var pooled = functional.adaptive_avg_pool2d(featureMap, 1);
        return pooled.flatten(1);
    }

    /// <summary>
    /// An inference-only copy with each BatchNorm folded into its convolution (eval-mode BN is an affine map per
    /// channel, so it merges exactly into the conv's weight and a bias). This module is left untouched.
    /// </summary>
    public FoldedResNeXt Fold() => new(Spec, NumClasses, backbone.Fold(), head.CloneLinear());
}
