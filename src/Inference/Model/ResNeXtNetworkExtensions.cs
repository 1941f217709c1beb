using static TorchSharp.torch;

namespace ResNeXt.Inference.Model;

public static class ResNeXtNetworkExtensions
{
    /// <summary>mmpretrain <c>extract_feat(stage=...)</c>: runs the network only as far as the stage needs.</summary>
    public static Tensor ExtractFeatures(this IResNeXtNetwork network, Tensor images, FeatureStage stage)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = NewDisposeScope();
        var map = network.Backbone(images);
        // LinearClsHead.pre_logits is the identity, so PreLogits and Neck are the same vector.
        var features = stage == FeatureStage.Backbone ? map : network.Neck(map);
        return features.MoveToOuterDisposeScope();
    }

    /// <summary>The full forward pass: images to logits.</summary>
    public static Tensor Classify(this IResNeXtNetwork network, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = NewDisposeScope();
        return network.Head(network.Neck(network.Backbone(images))).MoveToOuterDisposeScope();
    }
}
