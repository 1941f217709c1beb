namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The image header announces more pixels than the configured limit; raised before any pixel is decoded, so a
/// small file that claims a huge canvas cannot make the decoder allocate it.
/// </summary>
public sealed class ImageTooLargeException(int width, int height, long maxPixels)
    : InferenceException(
        "image-too-large",
        $"The image is {width}x{height} ({(long)width * height} pixels); at most {maxPixels} pixels are accepted.")
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public long MaxPixels { get; } = maxPixels;
}
