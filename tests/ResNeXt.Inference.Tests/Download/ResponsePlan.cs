namespace ResNeXt.Inference.Tests.Download;

/// <param name="CutAfterBytes">Body bytes to send before the response stops; null sends all.</param>
/// <param name="StallAfterCut">Keep the connection open and silent after the cut instead of closing it.</param>
public sealed record ResponsePlan(long? CutAfterBytes = null, bool StallAfterCut = false)
{
    public static ResponsePlan Honest { get; } = new();
}
