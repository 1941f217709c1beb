namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// What an image header says, read without decoding pixels. <see cref="Width"/> and <see cref="Height"/> are the
/// displayed size, i.e. after EXIF orientation, which is what the pipeline resizes.
/// </summary>
public sealed record ImageInfo(int Width, int Height, string Format)
{
    public long PixelCount => (long)Width * Height;
}
