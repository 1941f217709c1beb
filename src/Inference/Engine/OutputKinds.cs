namespace ResNeXt.Inference.Engine;

/// <summary>What a forward pass must produce. A batch computes the union of what its items asked for.</summary>
[Flags]
public enum OutputKinds
{
    None = 0,
    Logits = 1,
    /// <summary>Softmax of the logits, computed by libtorch in float32 like mmpretrain's <c>pred_score</c>.</summary>
    Scores = 2,
    /// <summary>Pooled neck features (also the head's pre-logits).</summary>
    Neck = 4,
    /// <summary>The last stage's C x H x W map.</summary>
    Backbone = 8,
}
