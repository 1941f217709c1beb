namespace ResNeXt.Inference.Serving;

/// <param name="Images">Encoded image files (JPEG, PNG, ...), answered in this order.</param>
/// <param name="Timeout">Deadline for queueing plus execution; null means the configured default.</param>
public sealed record ClassificationRequest(
    string Model,
    IReadOnlyList<ReadOnlyMemory<byte>> Images,
    int TopK = ClassificationRequest.DefaultTopK,
    bool IncludeAllScores = false,
    TimeSpan? Timeout = null)
{
    public const int DefaultTopK = 5;
}
