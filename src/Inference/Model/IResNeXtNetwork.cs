using static TorchSharp.torch;

namespace ResNeXt.Inference.Model;

/// <summary>
/// The three steps of mmpretrain's ImageClassifier (backbone, neck, head), exposed separately so a caller computes
/// only as far as it needs. Implemented by the trainable <see cref="ResNeXt"/> and by its BN-folded inference twin.
/// </summary>
public interface IResNeXtNetwork : IDisposable
{
    ResNeXtSpec Spec { get; }

    int NumClasses { get; }

    /// <summary>N x 3 x H x W normalised images to the last stage's N x C x H/32 x W/32 map.</summary>
    Tensor Backbone(Tensor images);

    /// <summary>mmpretrain GlobalAveragePooling: the map to N x FeatureDim.</summary>
    Tensor Neck(Tensor featureMap);

    /// <summary>LinearClsHead: pooled features to N x NumClasses logits.</summary>
    Tensor Head(Tensor features);
}
