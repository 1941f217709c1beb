namespace ResNeXt.Inference.Engine;

/// <summary>
/// One forward pass's results, row-major with the batch as the outer dimension; null for outputs that were not
/// requested. No tensor escapes, so they are safe to hand across threads and awaits, but a runner may write the next
/// batch into the same memory (ONNX Runtime's pooled output buffers): copy what must outlive the next
/// <see cref="IBatchRunner.Run"/> of the same runner before calling it again.
/// </summary>
public sealed record BatchOutputs(
    int BatchSize,
    int NumClasses,
    int FeatureDim,
    int BackboneLength,
    ReadOnlyMemory<float>? Logits,
    ReadOnlyMemory<float>? Scores,
    ReadOnlyMemory<float>? Neck,
    ReadOnlyMemory<float>? Backbone)
{
    public ReadOnlyMemory<float> LogitsOf(int item) => Slice(Logits, item, NumClasses);
    public ReadOnlyMemory<float> ScoresOf(int item) => Slice(Scores, item, NumClasses);
    public ReadOnlyMemory<float> NeckOf(int item) => Slice(Neck, item, FeatureDim);
    public ReadOnlyMemory<float> BackboneOf(int item) => Slice(Backbone, item, BackboneLength);

    private ReadOnlyMemory<float> Slice(ReadOnlyMemory<float>? data, int item, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, BatchSize);
        return data is { } rows
            ? rows.Slice(item * length, length)
            : throw new InvalidOperationException("That output was not requested for this batch.");
    }
}
