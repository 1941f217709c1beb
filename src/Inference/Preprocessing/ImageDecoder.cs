using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Decodes like mmpretrain's <c>LoadImageFromFile</c> (OpenCV <c>imdecode</c> with <c>IMREAD_COLOR</c>), but to RGB:
/// EXIF orientation applied, grey and palette expanded to three channels, alpha dropped without compositing,
/// 16-bit samples reduced with <c>&gt;&gt; 8</c> (libpng's <c>png_set_strip_16</c>, which OpenCV uses).
/// ImageSharp itself rounds 16-bit samples (v * 255 / 65535), so those are read wide and shifted here.
/// JPEGs go to libjpeg-turbo (<see cref="TurboJpegDecoder"/>), OpenCV's own JPEG decoder, or where it is missing to
/// the managed <see cref="LibJpegDecoder"/> with the same pixels (<see cref="JpegDecoding"/>); ImageSharp still reads
/// every header and the EXIF tag. Plain 8-bit PNGs go to libdeflate (<see cref="LibDeflatePngDecoder"/>) where
/// <see cref="PngDecoding"/> found it, before ImageSharp reads anything; every other PNG, and every one it declines, to ImageSharp.
/// Thread-safe: the configuration is immutable after construction and ImageSharp decoders keep no state.
/// </summary>
internal sealed class ImageDecoder
{
    private const int ShiftSixteenToEightBits = 8;

    private readonly Configuration configuration;

    public ImageDecoder(long maxPixels)
        : this(maxPixels, JpegDecoding.Backend, PngDecoding.Backend)
    {
    }

    public ImageDecoder(long maxPixels, JpegBackend jpegBackend, PngBackend pngBackend)
    {
        MaxPixels = maxPixels;
        JpegBackend = jpegBackend;
        PngBackend = pngBackend;
        configuration = CreateConfiguration();
    }

    public long MaxPixels { get; }

    public JpegBackend JpegBackend { get; }

    public PngBackend PngBackend { get; }

    public ImageInfo Identify(ReadOnlySpan<byte> encoded) => ReadHeader(encoded).Info;

    /// <summary>Checks the header against the pixel limit and the container for truncation, then decodes to RGB24.</summary>
    public DecodedImage Decode(ReadOnlySpan<byte> encoded)
    {
        if (PngBackend == PngBackend.LibDeflate && LibDeflatePngDecoder.TryDecode(encoded, MaxPixels) is { } png) return png;
        var (info, format, orientation) = ReadHeader(encoded);
        if (info.PixelCount > MaxPixels) throw new ImageTooLargeException(info.Width, info.Height, MaxPixels);
        if (EncodedImageIntegrity.FindDefect(format, encoded) is { } defect)
        {
            throw new InvalidImageException($"The image cannot be decoded: {defect}.");
        }
        if (format is not JpegFormat) return DecodedImage.Wrap(DecodeWithImageSharp(encoded));
        var stored = JpegBackend == JpegBackend.TurboJpeg ? TurboJpegDecoder.Decode(encoded, MaxPixels) : LibJpegDecoder.Decode(encoded, MaxPixels);
        return ExifOrientation.Apply(stored, orientation);
    }

    private Image<Rgb24> DecodeWithImageSharp(ReadOnlySpan<byte> encoded)
    {
        var rgb = Guard(encoded, stream => TakeRgb24(Image.Load(configuration, stream)));
        try
        {
            rgb.Mutate(operations => operations.AutoOrient());
            return rgb;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            rgb.Dispose();
            throw new InvalidImageException($"The image cannot be oriented: {error.Message}", error);
        }
    }

    private (ImageInfo Info, IImageFormat Format, ushort Orientation) ReadHeader(ReadOnlySpan<byte> encoded)
    {
        var (info, format) = Guard(encoded, stream => (Image.Identify(configuration, stream, out var detected), detected));
        if (info is null || format is null)
        {
            throw new InvalidImageException("The data is not an image in a supported format (JPEG, PNG, WebP, BMP, GIF, TIFF).");
        }
        if (info.Width <= 0 || info.Height <= 0) throw new InvalidImageException($"The image has no pixels ({info.Width}x{info.Height}).");
        ushort orientation = OrientationOf(info.Metadata);
        var displayed = ExifOrientation.SwapsAxes(orientation)
            ? new ImageInfo(info.Height, info.Width, format.Name)
            : new ImageInfo(info.Width, info.Height, format.Name);
        return (displayed, format, orientation);
    }

    private Image<Rgb24> TakeRgb24(Image decoded)
    {
        if (decoded is Image<Rgb24> rgb) return rgb;
        using (decoded) return ToRgb24(decoded);
    }

    private Image<Rgb24> ToRgb24(Image decoded) => decoded switch
    {
        Image<L16> gray => Narrow(gray),
        Image<La32> grayAlpha => Narrow(grayAlpha),
        Image<Rgb48> rgb => Narrow(rgb),
        Image<Rgba64> rgba => Narrow(rgba),
        _ => decoded.CloneAs<Rgb24>(configuration),
    };

    private Image<Rgb24> Narrow<TPixel>(Image<TPixel> wide)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var narrow = new Image<Rgb24>(configuration, wide.Width, wide.Height);
        var wideRow = new Rgba64[wide.Width];
        wide.ProcessPixelRows(narrow, (source, target) =>
        {
            for (int y = 0; y < source.Height; y++)
            {
                PixelOperations<TPixel>.Instance.ToRgba64(configuration, source.GetRowSpan(y), wideRow);
                var targetRow = target.GetRowSpan(y);
                for (int x = 0; x < wideRow.Length; x++)
                {
                    var pixel = wideRow[x];
                    targetRow[x] = new Rgb24(
                        (byte)(pixel.R >> ShiftSixteenToEightBits),
                        (byte)(pixel.G >> ShiftSixteenToEightBits),
                        (byte)(pixel.B >> ShiftSixteenToEightBits));
                }
            }
        });
        return narrow;
    }

    private static ushort OrientationOf(ImageMetadata? metadata) =>
        metadata?.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 0;

    /// <summary>
    /// Runs an ImageSharp call over the bytes and turns every failure into <see cref="InvalidImageException"/>:
    /// decoders throw anything from <see cref="ImageFormatException"/> to index errors on hostile input, and
    /// none of that may reach a caller as anything but "this is not a usable image".
    /// </summary>
    private static unsafe T Guard<T>(ReadOnlySpan<byte> encoded, Func<Stream, T> action)
    {
        // An empty span pins to a null pointer, which UnmanagedMemoryStream refuses.
        if (encoded.IsEmpty) throw new InvalidImageException("The image is empty (0 bytes).");
        fixed (byte* start = encoded)
        {
            using var stream = new UnmanagedMemoryStream(start, encoded.Length);
            try
            {
                return action(stream);
            }
            catch (Exception error) when (error is not (InferenceException or OutOfMemoryException))
            {
                throw new InvalidImageException($"The image cannot be decoded: {error.Message}", error);
            }
        }
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new WebpConfigurationModule(),
            new BmpConfigurationModule(),
            new GifConfigurationModule(),
            new TiffConfigurationModule())
        {
            // Requests already run in parallel; nested row parallelism would only oversubscribe the cores.
            MaxDegreeOfParallelism = 1,
            // Lets the resizer read the decoded pixels in place instead of copying them into one buffer.
            PreferContiguousImageBuffers = true,
        };
        var formats = configuration.ImageFormatsManager;
        // EXIF (for orientation) lives in JPEG, PNG, WebP and TIFF metadata, so only GIF can skip it.
        formats.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        formats.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
