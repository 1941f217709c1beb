namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// mmpretrain's <c>ResizeEdge(scale=256, edge='short')</c>: the short edge becomes 256 and the long edge
/// <c>int(256 * long / short)</c>. Integer division gives the same floor as Python's true division followed by
/// <c>int()</c>, because a quotient of such small integers is never within double rounding of the next integer.
/// A square image counts as "width not shorter", matching mmpretrain's <c>w &lt; h</c> test.
/// </summary>
internal static class ResizeEdge
{
    public static (int Width, int Height) TargetSize(int width, int height, int shortEdge = ImageNetPipeline.ResizeShortEdge) =>
        width < height
            ? (shortEdge, ScaleLongEdge(height, width, shortEdge))
            : (ScaleLongEdge(width, height, shortEdge), shortEdge);

    private static int ScaleLongEdge(int longEdge, int shortEdge, int target) => checked((int)((long)target * longEdge / shortEdge));
}
