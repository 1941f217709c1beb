using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>
/// The whole pipeline against Pillow 9.4 + PyTorch (tests/reference/make_preprocessing.py). Lossless formats must
/// match byte for byte; JPEGs differ by decoder (ImageSharp vs libjpeg-turbo's IDCT), so their difference is
/// measured, printed, and held to a loose bound.
/// </summary>
public sealed class ImagePreprocessorParityTests(ITestOutputHelper output)
{
    /// <summary>Largest per-sample difference tolerated between ImageSharp's and libjpeg-turbo's IDCT (4:4:4, grey).</summary>
    private const int JpegMaxDifference = 4;

    /// <summary>Largest mean absolute difference tolerated between the two IDCTs.</summary>
    private const double JpegMeanDifference = 0.25;

    /// <summary>
    /// 4:2:0 adds the chroma upsampling difference (libjpeg-turbo interpolates, ImageSharp 2.1 does not); on the
    /// per-pixel colour noise of these test images that reaches tens of levels at single pixels.
    /// </summary>
    private const int SubsampledJpegMaxDifference = 48;

    private const double SubsampledJpegMeanDifference = 4.0;

    private readonly ImagePreprocessor preprocessor = new();

    [Fact]
    public void ResizeEdgeSizesMatchMmpretrain()
    {
        foreach (var image in PreprocessingReference.Load().Images)
        {
            Assert.Equal((image.ResizedWidth, image.ResizedHeight), ResizeEdge.TargetSize(image.Width, image.Height));
        }
    }

    [Fact]
    public void IdentifyReportsTheOrientedSizeOfEveryImage()
    {
        foreach (var image in PreprocessingReference.Load().Images)
        {
            var info = preprocessor.Identify(PreprocessingReference.Bytes(image.File));
            Assert.Equal((image.Width, image.Height), (info.Width, info.Height));
        }
    }

    [Fact]
    public void LosslessCropsMatchPillowByteForByte()
    {
        var mismatches = new List<string>();
        var images = PreprocessingReference.Load().Images.Where(i => !i.IsJpeg).ToList();
        Assert.NotEmpty(images);
        foreach (var image in images)
        {
            var expected = PreprocessingReference.Array(image.Crop).AsUInt8();
            var actual = preprocessor.CropRgb(PreprocessingReference.Bytes(image.File));
            var (max, mean) = Difference(expected, actual);
            output.WriteLine($"{image.File}: crop max |diff| {max}, mean {mean:G4}");
            if (max != 0) mismatches.Add($"{image.File} (max {max})");
        }
        Assert.True(mismatches.Count == 0, "Crops differ from Pillow: " + string.Join(", ", mismatches));
    }

    [Fact]
    public void LosslessInputTensorsEqualTheReferenceFloats()
    {
        var mismatches = new List<string>();
        foreach (var image in PreprocessingReference.Load().Images.Where(i => !i.IsJpeg))
        {
            var expected = PreprocessingReference.Array(image.Input).AsFloat32();
            var actual = new float[ImageNetPipeline.TensorLength];
            preprocessor.Preprocess(PreprocessingReference.Bytes(image.File), actual);
            if (!expected.AsSpan().SequenceEqual(actual)) mismatches.Add($"{image.File} (max {MaxDifference(expected, actual):G4})");
        }
        Assert.True(mismatches.Count == 0, "Normalised tensors differ from PyTorch: " + string.Join(", ", mismatches));
    }

    [Fact]
    public void JpegDecodeAndCropStayWithinTheDecoderDifference()
    {
        var images = PreprocessingReference.Load().Images.Where(i => i.IsJpeg).ToList();
        Assert.NotEmpty(images);
        var decoder = new ImageDecoder(ImagePreprocessor.DefaultMaxPixels);
        var failures = new List<string>();
        foreach (var image in images)
        {
            var bytes = PreprocessingReference.Bytes(image.File);
            using var decoded = decoder.Decode(bytes);
            Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
            var (decodeMax, decodeMean) = Difference(PreprocessingReference.Array(image.Decoded!).AsUInt8(), ImageDecoder.PixelBytes(decoded));
            var (cropMax, cropMean) = Difference(PreprocessingReference.Array(image.Crop).AsUInt8(), preprocessor.CropRgb(bytes));

            var input = new float[ImageNetPipeline.TensorLength];
            preprocessor.Preprocess(bytes, input);
            double inputMax = MaxDifference(PreprocessingReference.Array(image.Input).AsFloat32(), input);
            output.WriteLine($"{image.File}: decode max |diff| {decodeMax}, mean {decodeMean:G4}; crop max {cropMax}, mean {cropMean:G4}; input max {inputMax:G4}");

            int maxBound = image.IsChromaSubsampled ? SubsampledJpegMaxDifference : JpegMaxDifference;
            double meanBound = image.IsChromaSubsampled ? SubsampledJpegMeanDifference : JpegMeanDifference;
            if (decodeMax > maxBound || cropMax > maxBound) failures.Add($"{image.File} max difference");
            if (decodeMean > meanBound || cropMean > meanBound) failures.Add($"{image.File} mean difference");
        }
        Assert.True(failures.Count == 0, "JPEG decode is further from libjpeg-turbo than expected: " + string.Join(", ", failures));
    }

    [Fact]
    public void ParallelCallsGiveTheSameCropsAsSequentialOnes()
    {
        var files = PreprocessingReference.Load().Images.Select(i => PreprocessingReference.Bytes(i.File)).ToArray();
        var sequential = files.Select(f => preprocessor.CropRgb(f)).ToArray();
        var parallel = new byte[files.Length][];
        Parallel.For(0, files.Length, i => parallel[i] = preprocessor.CropRgb(files[i]));
        for (int i = 0; i < files.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    private static (int Max, double Mean) Difference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int max = 0;
        long sum = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int difference = Math.Abs(expected[i] - actual[i]);
            max = Math.Max(max, difference);
            sum += difference;
        }
        return (max, (double)sum / expected.Length);
    }

    private static double MaxDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs((double)expected[i] - actual[i]));
        return max;
    }
}
