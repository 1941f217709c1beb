namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// mmcv's <c>CenterCrop</c>: offsets are <c>max(0, int(round((size - crop) / 2.)))</c>, and Python's <c>round</c>
/// rounds halves to even, so an odd surplus of 33 starts the crop at 16, not 17.
/// </summary>
internal static class CenterCrop
{
    public static PixelWindow Window(int width, int height, int cropSize = ImageNetPipeline.CropSize) =>
        new(Offset(width, cropSize), Offset(height, cropSize), Math.Min(cropSize, width), Math.Min(cropSize, height));

    public static int Offset(int length, int cropSize) =>
        Math.Max(0, (int)Math.Round((length - cropSize) / 2.0, MidpointRounding.ToEven));
}
