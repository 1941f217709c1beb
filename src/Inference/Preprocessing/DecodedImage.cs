using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// A decoded image as packed RGB24 rows (stride = width * 3), the layout <see cref="PillowResize"/> reads. It owns
/// either a pooled array (TurboJPEG decodes straight into it) or an ImageSharp image read in place.
/// </summary>
internal sealed class DecodedImage : IDisposable
{
    private readonly Image<Rgb24>? image;
    private byte[]? rented;

    private DecodedImage(int width, int height, Image<Rgb24>? image, byte[]? rented)
    {
        Width = width;
        Height = height;
        this.image = image;
        this.rented = rented;
    }

    public int Width { get; }

    public int Height { get; }

    public int Length => Width * Height * ImageNetPipeline.Channels;

    /// <summary>The RGB24 rows; for an ImageSharp image split over several buffers, a copy.</summary>
    public Span<byte> Pixels => rented is not null ? rented.AsSpan(0, Length) : BytesOf(image!);

    /// <summary>An uninitialised image from the shared pool, for a decoder that writes every byte.</summary>
    public static DecodedImage Rent(int width, int height) =>
        new(width, height, null, ArrayPool<byte>.Shared.Rent(checked(width * height * ImageNetPipeline.Channels)));

    public static DecodedImage Wrap(Image<Rgb24> image) => new(image.Width, image.Height, image, null);

    public void Dispose()
    {
        image?.Dispose();
        if (rented is { } array)
        {
            rented = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static Span<byte> BytesOf(Image<Rgb24> image)
    {
        if (image.DangerousTryGetSinglePixelMemory(out var pixels)) return MemoryMarshal.AsBytes(pixels.Span);
        var copy = new byte[image.Width * image.Height * ImageNetPipeline.Channels];
        image.CopyPixelDataTo(copy);
        return copy;
    }
}
