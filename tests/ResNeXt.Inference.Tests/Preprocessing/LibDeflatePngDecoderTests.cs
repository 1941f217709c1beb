using System.Text;
using ResNeXt.Inference.Preprocessing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>
/// The libdeflate PNG path must give ImageSharp's pixels for every filter and colour type it takes, and hand every
/// other file (kinds it does not decode, EXIF, damage) back to ImageSharp, so nothing but the time changes. Pillow
/// parity of the whole pipeline on both paths is <see cref="ImagePreprocessorParityTests"/>'.
/// </summary>
public sealed class LibDeflatePngDecoderTests
{
    // Odd sizes: rows whose length is no multiple of a vector, and a last vector that is partly outside the row.
    private const int Width = 37;
    private const int Height = 23;
    private const int RandomSeed = 4321;

    private readonly ImageDecoder imageSharp = new(ImagePreprocessor.DefaultMaxPixels, JpegDecoding.Backend, PngBackend.ImageSharp);
    private readonly ImageDecoder withLibDeflate = new(ImagePreprocessor.DefaultMaxPixels, JpegDecoding.Backend, PngBackend.LibDeflate);

    public static TheoryData<PngColorType, PngFilterMethod> Kinds()
    {
        var kinds = new TheoryData<PngColorType, PngFilterMethod>();
        foreach (var color in new[] { PngColorType.Rgb, PngColorType.RgbWithAlpha, PngColorType.Grayscale, PngColorType.GrayscaleWithAlpha })
        {
            foreach (var filter in Enum.GetValues<PngFilterMethod>()) kinds.Add(color, filter);
        }
        return kinds;
    }

    [Fact]
    public void PngBackendIsLibDeflate()
    {
        NativeDecoderRequirement.RequireLibDeflate();
        Assert.Equal(PngBackend.LibDeflate, PngDecoding.Backend);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryFilterAndColourTypeDecodesToImageSharpsPixels(PngColorType color, PngFilterMethod filter)
    {
        NativeDecoderRequirement.RequireLibDeflate();
        var png = Encode(new PngEncoder { ColorType = color, BitDepth = PngBitDepth.Bit8, FilterMethod = filter });
        if (filter != PngFilterMethod.Adaptive)
        {
            int channels = color switch { PngColorType.Rgb => 3, PngColorType.RgbWithAlpha => 4, PngColorType.Grayscale => 1, _ => 2 };
            Assert.Contains((byte)filter, PngChunks.RowFilters(png, 1 + Width * channels));
        }

        using var fast = LibDeflatePngDecoder.TryDecode(png, ImagePreprocessor.DefaultMaxPixels);
        Assert.NotNull(fast);
        using var expected = imageSharp.Decode(png);
        Assert.Equal((expected.Width, expected.Height), (fast.Width, fast.Height));
        Assert.Equal(expected.Pixels.ToArray(), fast.Pixels.ToArray());
    }

    /// <summary>
    /// Pillow's 8-bit PNGs of the parity set take the fast path (so their Pillow parity covers it), the larger ones
    /// with their data split over several IDAT chunks; 16-bit and palette files go to ImageSharp.
    /// </summary>
    [Fact]
    public void PillowsEightBitPngsTakeTheFastPath()
    {
        NativeDecoderRequirement.RequireLibDeflate();
        var pngs = PreprocessingReference.Load().Images.Where(i => i.File.EndsWith(".png", StringComparison.Ordinal)).ToList();
        var taken = new List<string>();
        int split = 0;
        foreach (var image in pngs)
        {
            var png = PreprocessingReference.Bytes(image.File);
            using var fast = LibDeflatePngDecoder.TryDecode(png, ImagePreprocessor.DefaultMaxPixels);
            if (fast is null) continue;
            taken.Add(image.File);
            if (PngChunks.List(png).Count(c => c.Type == "IDAT") > 1) split++;
        }
        var expected = pngs.Select(i => i.File).Where(f => !f.Contains("16_", StringComparison.Ordinal) && !f.StartsWith("palette", StringComparison.Ordinal));
        Assert.Equal(expected.Order(), taken.Order());
        Assert.True(split > 0, "no reference PNG has its data in several IDAT chunks");
    }

    [Fact]
    public void TextChunksOtherThanExifAreSkipped()
    {
        NativeDecoderRequirement.RequireLibDeflate();
        var png = PngChunks.InsertBeforeEnd(Encode(new PngEncoder()), "tEXt", Encoding.Latin1.GetBytes("Software\0a camera"));
        using var fast = LibDeflatePngDecoder.TryDecode(png, ImagePreprocessor.DefaultMaxPixels);
        Assert.NotNull(fast);
        using var expected = imageSharp.Decode(png);
        Assert.Equal(expected.Pixels.ToArray(), fast.Pixels.ToArray());
    }

    public static TheoryData<string> Declined() => new(
        "interlaced", "16-bit", "palette", "exif-orientation", "legacy-exif-text", "bad-crc", "corrupt-data", "extra-data", "above-pixel-limit");

    /// <summary>The fast path declines, and the service's decoder then does exactly what ImageSharp alone does.</summary>
    [Theory]
    [MemberData(nameof(Declined))]
    public void FilesItDoesNotTakeGoToImageSharpUnchanged(string kind)
    {
        NativeDecoderRequirement.RequireLibDeflate();
        var (png, maxPixels) = Forge(kind);
        Assert.Null(LibDeflatePngDecoder.TryDecode(png, maxPixels));

        var expected = Outcome(new ImageDecoder(maxPixels, JpegDecoding.Backend, PngBackend.ImageSharp), png);
        var actual = Outcome(new ImageDecoder(maxPixels, JpegDecoding.Backend, PngBackend.LibDeflate), png);
        Assert.Equal(expected, actual);
    }

    /// <summary>An EXIF orientation in a PNG still turns the picture (ImageSharp reads it; the fast path declines).</summary>
    [Fact]
    public void ExifOrientationStillRotates()
    {
        var (png, _) = Forge("exif-orientation");
        using var decoded = withLibDeflate.Decode(png);
        Assert.Equal((Height, Width), (decoded.Width, decoded.Height));
    }

    private static (byte[] Png, long MaxPixels) Forge(string kind)
    {
        const long noLimit = ImagePreprocessor.DefaultMaxPixels;
        switch (kind)
        {
            case "interlaced": return (Encode(new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 }), noLimit);
            case "16-bit": return (Encode(new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb }), noLimit);
            case "palette": return (Encode(new PngEncoder { ColorType = PngColorType.Palette }), noLimit);
            case "exif-orientation": return (Encode(new PngEncoder(), orientation: 6), noLimit);
            case "legacy-exif-text":
                return (PngChunks.InsertBeforeEnd(Encode(new PngEncoder()), "tEXt", Encoding.Latin1.GetBytes("Raw profile type exif\0\nexif\n0\n")), noLimit);
            case "above-pixel-limit": return (Encode(new PngEncoder()), Width * Height - 1);
        }
        var png = Encode(new PngEncoder());
        var data = PngChunks.List(png).First(c => c.Type == "IDAT");
        switch (kind)
        {
            case "bad-crc":
                png[data.Offset + 8 + data.Length / 2] ^= 0x5A;
                return (png, noLimit);
            case "corrupt-data":
                png[data.Offset + 8 + data.Length / 2] ^= 0x5A;
                PngChunks.FixCrc(png, data.Offset);
                return (png, noLimit);
            case "extra-data":
                // A valid zlib stream of one row more than IHDR declares.
                var taller = Encode(new PngEncoder(), height: Height + 1);
                var header = PngChunks.List(taller).First(c => c.Type == "IHDR");
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(taller.AsSpan(header.Offset + 12), Height);
                PngChunks.FixCrc(taller, header.Offset);
                return (taller, noLimit);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>The pixels, or the type and message of the error.</summary>
    private static string Outcome(ImageDecoder decoder, byte[] png)
    {
        try
        {
            using var image = decoder.Decode(png);
            return $"{image.Width}x{image.Height} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(image.Pixels))}";
        }
        catch (InferenceException error)
        {
            return $"{error.GetType().Name}: {error.Message}";
        }
    }

    /// <summary>A smooth gradient with noise, so every filter has something to predict.</summary>
    private static byte[] Encode(PngEncoder encoder, ushort orientation = 0, int height = Height)
    {
        var random = new Random(RandomSeed);
        using var image = new Image<Rgba32>(Width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                image[x, y] = new Rgba32(
                    (byte)(x * 6 + random.Next(8)), (byte)(y * 9 + random.Next(8)), (byte)((x + y) * 4 + random.Next(8)), (byte)(255 - x * 3));
            }
        }
        if (orientation != 0)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, encoder);
        return stream.ToArray();
    }
}
