using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Preprocessing;

public sealed class PillowResizeTests
{
    [Fact]
    public void FullResizeMatchesPillowBilinearByteForByte()
    {
        var reference = PreprocessingReference.Load();
        Assert.NotEmpty(reference.Resizes);
        foreach (var resize in reference.Resizes)
        {
            var source = PreprocessingReference.Array(resize.Source);
            var expected = PreprocessingReference.Array(resize.Resized);
            int height = source.Shape[0], width = source.Shape[1];
            var actual = new byte[resize.Width * resize.Height * ImageNetPipeline.Channels];

            PillowResize.Resize(source.AsUInt8(), width, height, resize.Width, resize.Height, actual);

            Assert.True(expected.AsUInt8().AsSpan().SequenceEqual(actual),
                $"{width}x{height} -> {resize.Width}x{resize.Height} differs from Pillow ({resize.Resized}).");
        }
    }

    [Fact]
    public void WindowOfAResizeEqualsTheSameRegionOfTheFullResize()
    {
        var reference = PreprocessingReference.Load();
        foreach (var resize in reference.Resizes.Where(r => r.Width > 2 && r.Height > 2))
        {
            var source = PreprocessingReference.Array(resize.Source);
            var expected = PreprocessingReference.Array(resize.Resized).AsUInt8();
            int height = source.Shape[0], width = source.Shape[1];
            var window = new PixelWindow(1, 1, resize.Width - 2, resize.Height - 2);
            var actual = new byte[window.Width * window.Height * ImageNetPipeline.Channels];

            PillowResize.ResizeWindow(source.AsUInt8(), width, height, resize.Width, resize.Height, window, actual);

            int stride = resize.Width * ImageNetPipeline.Channels, windowStride = window.Width * ImageNetPipeline.Channels;
            for (int y = 0; y < window.Height; y++)
            {
                var expectedRow = expected.AsSpan((y + window.Top) * stride + window.Left * ImageNetPipeline.Channels, windowStride);
                Assert.True(expectedRow.SequenceEqual(actual.AsSpan(y * windowStride, windowStride)),
                    $"Row {y} of the window of {width}x{height} -> {resize.Width}x{resize.Height} differs from Pillow.");
            }
        }
    }
}
