using System.Buffers;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Training;

/// <summary>
/// mmpretrain's ImageNet train pipeline (configs/_base_/datasets/imagenet_bs32_pil_resize.py): decode,
/// <c>RandomResizedCrop(224, backend='pillow', interpolation='bilinear')</c> (mmcv crops first, then Pillow resizes
/// the crop to 224 x 224), <c>RandomFlip(prob=0.5, direction='horizontal')</c>, then the data preprocessor's
/// <c>(x - mean) / std</c>. Thread-safe: every call brings its own <see cref="Random"/>.
/// </summary>
internal sealed class TrainingTransform(long maxPixels)
{
    private const double FlipProbability = 0.5;
    private const int Channels = ImageNetPipeline.Channels;
    private const int OutputBytes = ImageNetPipeline.CropSize * ImageNetPipeline.CropSize * Channels;

    private readonly ImageDecoder decoder = new(maxPixels);

    public void Apply(ReadOnlySpan<byte> encoded, Random random, Span<float> destinationChw)
    {
        using var image = decoder.Decode(encoded);
        var (left, top, width, height) = RandomResizedCrop.Sample(image.Width, image.Height, random);
        var crop = ArrayPool<byte>.Shared.Rent(width * height * Channels);
        var resized = ArrayPool<byte>.Shared.Rent(OutputBytes);
        try
        {
            CopyRegion(image.Pixels, image.Width, left, top, width, height, crop);
            PillowResize.Resize(crop, width, height, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize, resized);
            if (random.NextDouble() < FlipProbability) FlipHorizontally(resized.AsSpan(0, OutputBytes), ImageNetPipeline.CropSize);
            ImagePreprocessor.Normalise(resized.AsSpan(0, OutputBytes), destinationChw);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(crop);
            ArrayPool<byte>.Shared.Return(resized);
        }
    }

    private static void CopyRegion(ReadOnlySpan<byte> source, int sourceWidth, int left, int top, int width, int height, Span<byte> destination)
    {
        int rowBytes = width * Channels, sourceStride = sourceWidth * Channels;
        for (var y = 0; y < height; y++)
            source.Slice((top + y) * sourceStride + left * Channels, rowBytes).CopyTo(destination.Slice(y * rowBytes, rowBytes));
    }

    private static void FlipHorizontally(Span<byte> pixels, int width)
    {
        var rowBytes = width * Channels;
        for (var row = 0; row < pixels.Length; row += rowBytes)
        {
            var line = pixels.Slice(row, rowBytes);
            for (int a = 0, b = width - 1; a < b; a++, b--)
            {
                for (var c = 0; c < Channels; c++)
                    (line[a * Channels + c], line[b * Channels + c]) = (line[b * Channels + c], line[a * Channels + c]);
            }
        }
    }
}
