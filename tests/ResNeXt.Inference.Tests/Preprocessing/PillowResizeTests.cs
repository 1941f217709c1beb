using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Preprocessing;

public sealed class PillowResizeTests
{
    public static TheoryData<bool> Paths => [false, true];

    [Theory]
    [MemberData(nameof(Paths))]
    public void FullResizeMatchesPillowBilinearByteForByte(bool vectorised)
    {
        RequirePath(vectorised);
        var reference = PreprocessingReference.Load();
        Assert.NotEmpty(reference.Resizes);
        foreach (var resize in reference.Resizes)
        {
            var source = PreprocessingReference.Array(resize.Source);
            var expected = PreprocessingReference.Array(resize.Resized);
            int height = source.Shape[0], width = source.Shape[1];
            var actual = new byte[resize.Width * resize.Height * ImageNetPipeline.Channels];

            PillowResize.ResizeWindow(source.AsUInt8(), width, height, resize.Width, resize.Height,
                new PixelWindow(0, 0, resize.Width, resize.Height), actual, vectorised);

            Assert.True(expected.AsUInt8().AsSpan().SequenceEqual(actual),
                $"{width}x{height} -> {resize.Width}x{resize.Height} differs from Pillow ({resize.Resized}).");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void WindowOfAResizeEqualsTheSameRegionOfTheFullResize(bool vectorised)
    {
        RequirePath(vectorised);
        var reference = PreprocessingReference.Load();
        foreach (var resize in reference.Resizes.Where(r => r.Width > 2 && r.Height > 2))
        {
            var source = PreprocessingReference.Array(resize.Source);
            var expected = PreprocessingReference.Array(resize.Resized).AsUInt8();
            int height = source.Shape[0], width = source.Shape[1];
            var window = new PixelWindow(1, 1, resize.Width - 2, resize.Height - 2);
            var actual = new byte[window.Width * window.Height * ImageNetPipeline.Channels];

            PillowResize.ResizeWindow(source.AsUInt8(), width, height, resize.Width, resize.Height, window, actual, vectorised);

            int stride = resize.Width * ImageNetPipeline.Channels, windowStride = window.Width * ImageNetPipeline.Channels;
            for (int y = 0; y < window.Height; y++)
            {
                var expectedRow = expected.AsSpan((y + window.Top) * stride + window.Left * ImageNetPipeline.Channels, windowStride);
                Assert.True(expectedRow.SequenceEqual(actual.AsSpan(y * windowStride, windowStride)),
                    $"Row {y} of the window of {width}x{height} -> {resize.Width}x{resize.Height} differs from Pillow.");
            }
        }
    }

    /// <summary>
    /// The vector passes against the scalar ones (which the tests above hold to Pillow) over shapes the reference files
    /// do not reach: every row-length remainder of the 16-byte vertical step, windows touching each edge (the
    /// horizontal pass's scalar tail), one-axis resizes, up- and downscaling, and saturated black and white.
    /// </summary>
    [Fact]
    public void VectorPassesGiveTheScalarPassesBytes()
    {
        RequirePath(vectorised: true);
        var random = new Random(20240611);
        for (int trial = 0; trial < 300; trial++)
        {
            int width = random.Next(1, 90), height = random.Next(1, 90);
            int outWidth = trial % 7 == 0 ? width : random.Next(1, 120);
            int outHeight = trial % 5 == 0 ? height : random.Next(1, 120);
            int left = random.Next(outWidth), top = random.Next(outHeight);
            var window = new PixelWindow(left, top, random.Next(1, outWidth - left + 1), random.Next(1, outHeight - top + 1));
            var source = new byte[width * height * ImageNetPipeline.Channels];
            if (trial % 3 == 0) Array.Fill(source, byte.MaxValue);
            else if (trial % 3 == 1) random.NextBytes(source);
            var scalar = new byte[window.Width * window.Height * ImageNetPipeline.Channels];
            var vector = new byte[scalar.Length];

            PillowResize.ResizeWindow(source, width, height, outWidth, outHeight, window, scalar, vectorised: false);
            PillowResize.ResizeWindow(source, width, height, outWidth, outHeight, window, vector, vectorised: true);

            Assert.True(scalar.AsSpan().SequenceEqual(vector), $"{width}x{height} -> {outWidth}x{outHeight}, window {window}: vector differs from scalar.");
        }
    }

    private static void RequirePath(bool vectorised)
    {
        if (vectorised && !PillowResize.IsVectorised) Assert.Skip("This CPU has no AVX2; the scalar passes run instead.");
    }
}
