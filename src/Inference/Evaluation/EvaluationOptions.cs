using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Evaluation;

/// <param name="BatchSize">Images per forward pass (mmpretrain's ImageNet test loader uses 32 per GPU).</param>
/// <param name="DecodeThreads">Threads decoding and preprocessing the next batch while the current one runs.</param>
/// <param name="TopK">Values of k for <see cref="AccuracyMetric"/>.</param>
public sealed record EvaluationOptions(int BatchSize = EvaluationOptions.DefaultBatchSize, int DecodeThreads = 0, IReadOnlyList<int>? TopK = null)
{
    public const int DefaultBatchSize = 32;

    /// <summary>Batches decoded ahead of the forward pass: one in flight, one waiting, so neither side idles.</summary>
    public const int PrefetchBatches = 2;

    public int EffectiveDecodeThreads => DecodeThreads > 0 ? DecodeThreads : Environment.ProcessorCount;

    public long MaxImagePixels { get; init; } = ImagePreprocessor.DefaultMaxPixels;
}
