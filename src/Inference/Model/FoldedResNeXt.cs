using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ResNeXt.Inference.Model;

/// <summary>
/// The inference-only form of <see cref="ResNeXt"/> (see <see cref="ResNeXt.Fold"/>): no BatchNorm, so it
/// cannot be trained or loaded from a checkpoint, but it computes the same function with fewer kernels.
/// </summary>
public sealed class FoldedResNeXt : Module<Tensor, Tensor>, IResNeXtNetwork
{
    private readonly FoldedBackbone backbone;
    private readonly Linear fc;

    internal FoldedResNeXt(ResNeXtSpec spec, int numClasses, FoldedBackbone backbone, Linear fc) : base(nameof(FoldedResNeXt))
    {
        Spec = spec;
        NumClasses = numClasses;
        this.backbone = backbone;
        this.fc = fc;
        RegisterComponents();
        eval();
    }

    public ResNeXtSpec Spec { get; }

    public int NumClasses { get; }

    internal FoldedBackbone FoldedBackbone => backbone;
    internal Linear Classifier => fc;

    public override Tensor forward(Tensor images) => this.Classify(images);

    public Tensor Backbone(Tensor images) => backbone.call(images);

    public Tensor Neck(Tensor featureMap) => ResNeXt.GlobalAveragePooling(featureMap);

    public Tensor Head(Tensor features) => fc.call(features);
}
