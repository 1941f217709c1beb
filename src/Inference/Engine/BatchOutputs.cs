namespace ResNeXt.Inference.Engine;

/// <summary>
/// Managed copies of one forward pass's results, row-major with the batch as the outer dimension.
/// Arrays are null for outputs that were not requested. No tensor escapes: these arrays are safe to hand
/// across threads and awaits.
/// </summary>
public sealed record BatchOutputs(
    int BatchSize,
    int NumClasses,
    int FeatureDim,
    int BackboneLength,
    float[]? Logits,
    float[]? Scores,
    float[]? Neck,
    float[]? Backbone)
{
    public ReadOnlyMemory<float> LogitsOf(int item) => Slice(Logits, item, NumClasses);
    public ReadOnlyMemory<float> ScoresOf(int item) => Slice(Scores, item, NumClasses);
    public ReadOnlyMemory<float> NeckOf(int item) => Slice(Neck, item, FeatureDim);
    public ReadOnlyMemory<float> BackboneOf(int item) => Slice(Backbone, item, BackboneLength);

    private ReadOnlyMemory<float> Slice(float[]? data, int item, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, BatchSize);
        return data is null
            ? throw new InvalidOperationException("That output was not requested for this batch.")
            : data.AsMemory(item * length, length);
    }
}
