using System.Buffers.Binary;
using System.Text;
using ResNeXt.Inference.Preprocessing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>Unusable input must surface as the engine's typed errors, never as an ImageSharp or runtime exception.</summary>
public sealed class InvalidImageTests
{
    private const int Side = 64;
    private const int RandomSeed = 1234;
    private const int PngWidthOffset = 16; // signature (8) + IHDR length (4) + "IHDR" (4)
    private const int ForgedSide = 100_000;
    private const double ScanCutFraction = 0.6;
    private static readonly byte[] JpegEndOfImage = [0xFF, 0xD9];
    private static readonly byte[] ExtraneousBytes = [0x12, 0x34];

    private readonly ImagePreprocessor preprocessor = new();

    [Fact]
    public void EmptyInputIsInvalid() => AssertInvalid([]);

    [Fact]
    public void RandomBytesAreInvalid()
    {
        var bytes = new byte[4096];
        new Random(RandomSeed).NextBytes(bytes);
        AssertInvalid(bytes);
    }

    [Fact]
    public void TextIsInvalid() => AssertInvalid(Encoding.ASCII.GetBytes("<html><body>not an image</body></html>"));

    [Fact]
    public void FormatsOutsideTheAcceptedListAreInvalid() =>
        AssertInvalid([.. Encoding.ASCII.GetBytes("P6\n2 2\n255\n"), .. new byte[2 * 2 * 3]]);

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    public void TruncatedPngIsInvalid(double keptFraction) => AssertInvalid(Truncate(NoisePng(), keptFraction));

    [Fact]
    public void PngMissingOnlyItsEndChunkIsInvalid()
    {
        var png = NoisePng();
        AssertInvalid(png.AsSpan(0, png.Length - 1).ToArray());
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    public void TruncatedJpegIsInvalid(double keptFraction) => AssertInvalid(Truncate(NoiseJpeg(), keptFraction));

    /// <summary>
    /// The markers are intact, so only libjpeg notices that the scan ends early ("premature end of data segment")
    /// and fills the rest with grey; that warning must not pass as a picture.
    /// </summary>
    [Fact]
    public void JpegWhoseScanStopsBeforeItsEndMarkerIsInvalid()
    {
        NativeDecoderRequirement.RequireTurboJpeg();
        AssertInvalid([.. Truncate(NoiseJpeg(), ScanCutFraction), .. JpegEndOfImage]);
    }

    /// <summary>libjpeg warns about stray bytes before a marker but decodes every pixel; OpenCV and Pillow accept it.</summary>
    [Fact]
    public void JpegWithExtraneousBytesBeforeItsEndMarkerDecodesLikeTheCleanFile()
    {
        NativeDecoderRequirement.RequireTurboJpeg();
        var jpeg = NoiseJpeg();
        byte[] padded = [.. jpeg.AsSpan(0, jpeg.Length - JpegEndOfImage.Length), .. ExtraneousBytes, .. JpegEndOfImage];
        Assert.Equal(preprocessor.CropRgb(jpeg), preprocessor.CropRgb(padded));
    }

    /// <summary>The managed fallback reads the same libjpeg warnings the same way.</summary>
    [Fact]
    public void ManagedDecoderRejectsAScanThatStopsEarlyAndAcceptsExtraneousBytes()
    {
        var managed = new ImagePreprocessor(ImagePreprocessor.DefaultMaxPixels, JpegBackend.LibJpegNet, PngDecoding.Backend);
        var jpeg = NoiseJpeg();
        Assert.Throws<InvalidImageException>(() => managed.CropRgb([.. Truncate(jpeg, ScanCutFraction), .. JpegEndOfImage]));
        byte[] padded = [.. jpeg.AsSpan(0, jpeg.Length - JpegEndOfImage.Length), .. ExtraneousBytes, .. JpegEndOfImage];
        Assert.Equal(managed.CropRgb(jpeg), managed.CropRgb(padded));
    }

    [Fact]
    public void JpegPixelLimitIsCheckedBeforeDecoding()
    {
        var strict = new ImagePreprocessor(maxPixels: Side * Side - 1);
        var error = Assert.Throws<ImageTooLargeException>(() => strict.CropRgb(NoiseJpeg()));
        Assert.Equal((Side, Side), (error.Width, error.Height));
    }

    [Fact]
    public void CompleteJpegAndPngDecode()
    {
        Assert.Equal(ImageNetPipeline.CropSize * ImageNetPipeline.CropSize * ImageNetPipeline.Channels, preprocessor.CropRgb(NoiseJpeg()).Length);
        Assert.Equal(ImageNetPipeline.CropSize * ImageNetPipeline.CropSize * ImageNetPipeline.Channels, preprocessor.CropRgb(NoisePng()).Length);
    }

    [Fact]
    public void ZeroSizedPngIsInvalid() => AssertInvalid(ForgePngSize(NoisePng(), 0, Side));

    [Fact]
    public void HugeHeaderIsRejectedBeforeDecoding()
    {
        var error = Assert.Throws<ImageTooLargeException>(() => preprocessor.CropRgb(ForgePngSize(NoisePng(), ForgedSide, ForgedSide)));
        Assert.Equal("image-too-large", error.Code);
        Assert.Equal((ForgedSide, ForgedSide, ImagePreprocessor.DefaultMaxPixels), (error.Width, error.Height, error.MaxPixels));
    }

    [Fact]
    public void PixelLimitIsConfigurable()
    {
        var strict = new ImagePreprocessor(maxPixels: Side * Side - 1);
        var error = Assert.Throws<ImageTooLargeException>(() => strict.Preprocess(NoisePng(), new float[ImageNetPipeline.TensorLength]));
        Assert.Equal(Side * Side - 1, error.MaxPixels);
    }

    [Fact]
    public void DestinationOfTheWrongLengthIsRejected() =>
        Assert.Throws<ArgumentException>(() => preprocessor.Preprocess(NoisePng(), new float[ImageNetPipeline.TensorLength - 1]));

    private void AssertInvalid(byte[] bytes)
    {
        var error = Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(bytes, new float[ImageNetPipeline.TensorLength]));
        Assert.Equal("invalid-image", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static byte[] Truncate(byte[] bytes, double keptFraction) => bytes.AsSpan(0, (int)(bytes.Length * keptFraction)).ToArray();

    private static Image<Rgb24> NoiseImage()
    {
        var random = new Random(RandomSeed);
        var pixels = new byte[Side * Side * 3];
        random.NextBytes(pixels);
        return Image.LoadPixelData<Rgb24>(pixels, Side, Side);
    }

    private static byte[] NoisePng()
    {
        using var image = NoiseImage();
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static byte[] NoiseJpeg()
    {
        using var image = NoiseImage();
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    /// <summary>Rewrites IHDR's width and height and its CRC, so only the size is a lie.</summary>
    private static byte[] ForgePngSize(byte[] png, int width, int height)
    {
        var forged = png.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(forged.AsSpan(PngWidthOffset), width);
        BinaryPrimitives.WriteInt32BigEndian(forged.AsSpan(PngWidthOffset + 4), height);
        PngChunks.FixCrc(forged, PngChunks.SignatureLength);
        return forged;
    }
}
