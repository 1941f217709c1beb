using System.Collections.Frozen;
using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Contracts;

/// <summary>The spelling of <see cref="FeatureStage"/> on the wire: mmpretrain's <c>extract_feat(stage=...)</c> names.</summary>
public static class FeatureStageNames
{
    private static readonly FrozenDictionary<string, FeatureStage> ByName = new Dictionary<string, FeatureStage>
    {
        ["neck"] = FeatureStage.Neck,
        ["pre_logits"] = FeatureStage.PreLogits,
        ["backbone"] = FeatureStage.Backbone,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlyList<string> All { get; } = ["neck", "pre_logits", "backbone"];

    public static bool TryParse(string name, out FeatureStage stage) => ByName.TryGetValue(name, out stage);

    public static string ToName(FeatureStage stage) => ByName.Single(pair => pair.Value == stage).Key;
}
