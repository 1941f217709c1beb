namespace ResNeXt.Inference.Model;

/// <summary>Where features are taken from (mmpretrain <c>extract_feat(stage=...)</c>).</summary>
public enum FeatureStage
{
    /// <summary>Global-average-pooled vector after the neck (2048 for the published models). The default.</summary>
    Neck,
    /// <summary>The last stage's feature map, C x 7 x 7 for a 224 input.</summary>
    Backbone,
    /// <summary>What the head's linear layer sees; for mmpretrain's LinearClsHead this equals <see cref="Neck"/>.</summary>
    PreLogits,
}
