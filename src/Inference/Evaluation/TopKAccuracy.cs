namespace ResNeXt.Inference.Evaluation;

/// <summary>One of mmpretrain's <c>accuracy/top{K}</c> results.</summary>
/// <param name="Percent">Exactly the value mmpretrain reports (see <see cref="AccuracyMetric.Percent"/>).</param>
public sealed record TopKAccuracy(int K, long Correct, long Total, double Percent)
{
    public string MetricName => $"accuracy/top{K}";
}
