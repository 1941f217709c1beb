namespace ResNeXt.Inference.Model;

/// <summary>
/// The hyper-parameters that distinguish one ResNeXt from another (mmpretrain <c>ResNeXt(depth, groups,
/// width_per_group)</c>). <see cref="BaseChannels"/> and <see cref="StemChannels"/> stay 64 for the published
/// models; smaller values give the reduced-width models the tests use.
/// </summary>
public sealed record ResNeXtSpec(
    IReadOnlyList<int> BlocksPerStage,
    int Groups,
    int WidthPerGroup,
    int BaseChannels = 64,
    int StemChannels = 64)
{
    /// <summary>Bottleneck expansion: a stage's output is 4x its "planes" (He et al. 2016).</summary>
    public const int Expansion = 4;

    /// <summary>Channels after the last stage, i.e. the length of a <c>neck</c> feature vector.</summary>
    public int FeatureDim => BaseChannels * (1 << (BlocksPerStage.Count - 1)) * Expansion;

    /// <summary>Planes of stage <paramref name="stage"/> (0-based): base, 2x base, 4x base, ...</summary>
    public int Planes(int stage) => BaseChannels << stage;

    /// <summary>
    /// Width of the grouped 3x3 convolution in stage <paramref name="stage"/>:
    /// groups * width_per_group * planes / base (Xie et al. 2017, "Aggregated Residual Transformations", Table 1;
    /// mmpretrain <c>resnext.py</c> Bottleneck).
    /// </summary>
    public int MidChannels(int stage) => Groups * WidthPerGroup * Planes(stage) / BaseChannels;

    public override string ToString() =>
        $"[{string.Join(',', BlocksPerStage)}] {Groups}x{WidthPerGroup}d base {BaseChannels} stem {StemChannels}";

    public bool Equals(ResNeXtSpec? other) =>
        other is not null && BlocksPerStage.SequenceEqual(other.BlocksPerStage) && Groups == other.Groups &&
        WidthPerGroup == other.WidthPerGroup && BaseChannels == other.BaseChannels && StemChannels == other.StemChannels;

    public override int GetHashCode() =>
        HashCode.Combine(string.Join(',', BlocksPerStage), Groups, WidthPerGroup, BaseChannels, StemChannels);
}
