namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// EXIF orientation (tag 0x0112) applied to packed RGB24, as Pillow's <c>ImageOps.exif_transpose</c> and OpenCV's
/// <c>imdecode</c> do: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse,
/// 8 rotate 90 anticlockwise. Values outside 2-8 leave the image as it is, as both libraries do.
/// Each case is a walk over the source: output pixel (x, y) reads source pixel origin + x * columnStep + y * rowStep.
/// </summary>
internal static class ExifOrientation
{
    private const int Channels = ImageNetPipeline.Channels;

    private enum Orientation : ushort
    {
        Identity = 1,
        Mirror = 2,
        Rotate180 = 3,
        Flip = 4,
        Transpose = 5,
        Rotate90Clockwise = 6,
        Transverse = 7,
        Rotate90Anticlockwise = 8,
    }

    public static bool SwapsAxes(ushort orientation) =>
        (Orientation)orientation is >= Orientation.Transpose and <= Orientation.Rotate90Anticlockwise;

    /// <summary>Returns <paramref name="image"/> itself for the identity, else a new image (and disposes the input).</summary>
    public static DecodedImage Apply(DecodedImage image, ushort orientation)
    {
        if ((Orientation)orientation is <= Orientation.Identity or > Orientation.Rotate90Anticlockwise) return image;
        using (image)
        {
            var (origin, columnStep, rowStep) = Walk(orientation, image.Width, image.Height);
            var oriented = SwapsAxes(orientation)
                ? DecodedImage.Rent(image.Height, image.Width)
                : DecodedImage.Rent(image.Width, image.Height);
            Copy(image.Pixels, oriented, origin, columnStep, rowStep);
            return oriented;
        }
    }

    /// <summary>Source pixel index of output (0, 0), and the index steps for one output column and one output row.</summary>
    private static (int Origin, int ColumnStep, int RowStep) Walk(ushort orientation, int width, int height)
    {
        int lastColumn = width - 1, lastRow = (height - 1) * width;
        return (Orientation)orientation switch
        {
            Orientation.Mirror => (lastColumn, -1, width),
            Orientation.Rotate180 => (lastRow + lastColumn, -1, -width),
            Orientation.Flip => (lastRow, 1, -width),
            Orientation.Transpose => (0, width, 1),
            Orientation.Rotate90Clockwise => (lastRow, -width, 1),
            Orientation.Transverse => (lastRow + lastColumn, -width, -1),
            Orientation.Rotate90Anticlockwise => (lastColumn, width, -1),
            _ => throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "Not an EXIF orientation that moves pixels."),
        };
    }

    private static void Copy(ReadOnlySpan<byte> source, DecodedImage target, int origin, int columnStep, int rowStep)
    {
        var pixels = target.Pixels;
        int stride = target.Width * Channels;
        for (int y = 0; y < target.Height; y++)
        {
            var row = pixels.Slice(y * stride, stride);
            int from = origin + y * rowStep;
            for (int x = 0; x < row.Length; x += Channels, from += columnStep)
            {
                int offset = from * Channels;
                row[x] = source[offset];
                row[x + 1] = source[offset + 1];
                row[x + 2] = source[offset + 2];
            }
        }
    }
}
