using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>
/// The whole pipeline against Pillow 9.4 + PyTorch (tests/reference/make_preprocessing.py): every format must match
/// byte for byte. JPEGs are decoded by libjpeg-turbo on both sides (TurboJPEG here, libjpeg62-turbo in Pillow and
/// OpenCV), so their raw decode is compared too, before resizing can blur a difference away.
/// </summary>
public sealed class ImagePreprocessorParityTests(ITestOutputHelper output)
{
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

    /// <summary>PNGs through libdeflate (where it declines a file, ImageSharp) and through ImageSharp alone.</summary>
    [Theory]
    [InlineData(PngBackend.LibDeflate)]
    [InlineData(PngBackend.ImageSharp)]
    public void LosslessCropsMatchPillowByteForByte(PngBackend pngBackend)
    {
        var preprocessor = PreprocessorFor(pngBackend);
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

    [Theory]
    [InlineData(PngBackend.LibDeflate)]
    [InlineData(PngBackend.ImageSharp)]
    public void LosslessInputTensorsEqualTheReferenceFloats(PngBackend pngBackend)
    {
        var preprocessor = PreprocessorFor(pngBackend);
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

    private static ImagePreprocessor PreprocessorFor(PngBackend pngBackend)
    {
        if (pngBackend == PngBackend.LibDeflate) NativeDecoderRequirement.RequireLibDeflate();
        return new ImagePreprocessor(ImagePreprocessor.DefaultMaxPixels, JpegDecoding.Backend, pngBackend);
    }

    [Fact]
    public void JpegBackendIsTurboJpeg()
    {
        NativeDecoderRequirement.RequireTurboJpeg();
        Assert.Equal(JpegBackend.TurboJpeg, JpegDecoding.Backend);
    }

    [Fact]
    public void JpegDecodeCropAndTensorMatchLibjpegTurboExactly()
    {
        NativeDecoderRequirement.RequireTurboJpeg();
        AssertJpegsMatchPillow(JpegBackend.TurboJpeg);
    }

    /// <summary>The fallback for hosts without libturbojpeg, forced on here whether or not libturbojpeg is present.</summary>
    [Fact]
    public void ManagedFallbackDecodesEveryJpegExactlyLikeLibjpegTurbo() => AssertJpegsMatchPillow(JpegBackend.LibJpegNet);

    private void AssertJpegsMatchPillow(JpegBackend backend)
    {
        var images = PreprocessingReference.Load().Images.Where(i => i.IsJpeg).ToList();
        Assert.NotEmpty(images);
        var decoder = new ImageDecoder(ImagePreprocessor.DefaultMaxPixels, backend, PngDecoding.Backend);
        var preprocessor = new ImagePreprocessor(ImagePreprocessor.DefaultMaxPixels, backend, PngDecoding.Backend);
        var mismatches = new List<string>();
        foreach (var image in images)
        {
            var bytes = PreprocessingReference.Bytes(image.File);
            using var decoded = decoder.Decode(bytes);
            Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
            var (decodeMax, decodeMean) = Difference(PreprocessingReference.Array(image.Decoded!).AsUInt8(), decoded.Pixels);
            var (cropMax, cropMean) = Difference(PreprocessingReference.Array(image.Crop).AsUInt8(), preprocessor.CropRgb(bytes));
            var expectedInput = PreprocessingReference.Array(image.Input).AsFloat32();
            var input = new float[ImageNetPipeline.TensorLength];
            preprocessor.Preprocess(bytes, input);
            output.WriteLine($"{image.File} via {backend.ToName()}: decode max |diff| {decodeMax}, mean {decodeMean:G4}; " +
                             $"crop max {cropMax}, mean {cropMean:G4}; input max {MaxDifference(expectedInput, input):G4}");
            if (decodeMax != 0 || cropMax != 0 || !expectedInput.AsSpan().SequenceEqual(input)) mismatches.Add(image.File);
        }
        Assert.True(mismatches.Count == 0, $"JPEGs decoded by {backend.ToName()} differ from libjpeg-turbo via Pillow: " + string.Join(", ", mismatches));
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
