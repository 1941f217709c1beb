using System.Buffers;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// mmpretrain's ImageNet test pipeline (configs/_base_/datasets/imagenet_bs32_pil_resize.py) from encoded bytes to
/// the model input: decode, <c>ResizeEdge(256, edge='short', backend='pillow', interpolation='bilinear')</c>,
/// <c>CenterCrop(224)</c>, then the data preprocessor's <c>(x - mean) / std</c> in float32, CHW, RGB.
/// Only the 224 x 224 crop of the resized image is ever computed (see <see cref="PillowResize"/>).
/// Thread-safe; every call allocates its own buffers.
/// </summary>
public sealed class ImagePreprocessor
{
    /// <summary>50 megapixels: above any camera in common use, small enough that one decode cannot exhaust memory.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    private const int CropBytes = ImageNetPipeline.CropSize * ImageNetPipeline.CropSize * ImageNetPipeline.Channels;
    private const int PlaneLength = ImageNetPipeline.CropSize * ImageNetPipeline.CropSize;
    private const int ByteValues = byte.MaxValue + 1;

    /// <summary>(v - mean) / std for every byte value and channel, computed once in float32 exactly as mmpretrain does.</summary>
    private static readonly float[] NormalisedValues = CreateNormalisedValues();

    private readonly ImageDecoder decoder;

    public ImagePreprocessor(long maxPixels = DefaultMaxPixels)
        : this(maxPixels, JpegDecoding.Backend, PngDecoding.Backend)
    {
    }

    /// <param name="maxPixels">The largest image (width x height) decoded.</param>
    /// <param name="jpegBackend">A JPEG decoder other than the process's choice, for benchmarks and parity tests.</param>
    /// <param name="pngBackend">Likewise for PNGs.</param>
    public ImagePreprocessor(long maxPixels, JpegBackend jpegBackend, PngBackend pngBackend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        decoder = new ImageDecoder(maxPixels, jpegBackend, pngBackend);
    }

    public long MaxPixels => decoder.MaxPixels;

    public JpegBackend JpegBackend => decoder.JpegBackend;

    public PngBackend PngBackend => decoder.PngBackend;

    /// <summary>Reads the header only. Throws <see cref="InvalidImageException"/> when it is not a supported image.</summary>
    public ImageInfo Identify(ReadOnlySpan<byte> encoded) => decoder.Identify(encoded);

    /// <summary>
    /// Writes the normalised 3 x 224 x 224 tensor into <paramref name="destinationChw"/> (e.g. one slot of a batch).
    /// Throws <see cref="InvalidImageException"/> or <see cref="ImageTooLargeException"/> for unusable input.
    /// </summary>
    public void Preprocess(ReadOnlySpan<byte> encoded, Span<float> destinationChw)
    {
        if (destinationChw.Length != ImageNetPipeline.TensorLength)
        {
            throw new ArgumentException($"The destination must hold exactly {ImageNetPipeline.TensorLength} floats.", nameof(destinationChw));
        }
        var crop = ArrayPool<byte>.Shared.Rent(CropBytes);
        try
        {
            CropInto(encoded, crop);
            Normalise(crop.AsSpan(0, CropBytes), destinationChw);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(crop);
        }
    }

    /// <summary>The 224 x 224 RGB crop (HWC, uint8) before normalisation, for inspection and tests.</summary>
    public byte[] CropRgb(ReadOnlySpan<byte> encoded)
    {
        var crop = new byte[CropBytes];
        CropInto(encoded, crop);
        return crop;
    }

    private void CropInto(ReadOnlySpan<byte> encoded, Span<byte> crop)
    {
        using var image = decoder.Decode(encoded);
        var (width, height) = ResizeEdge.TargetSize(image.Width, image.Height);
        var window = CenterCrop.Window(width, height);
        PillowResize.ResizeWindow(image.Pixels, image.Width, image.Height, width, height, window, crop);
    }

    internal static void Normalise(ReadOnlySpan<byte> cropHwc, Span<float> destinationChw)
    {
        const int channels = ImageNetPipeline.Channels;
        for (int c = 0; c < channels; c++)
        {
            var values = NormalisedValues.AsSpan(c * ByteValues, ByteValues);
            var plane = destinationChw.Slice(c * PlaneLength, PlaneLength);
            for (int i = 0; i < plane.Length; i++) plane[i] = values[cropHwc[i * channels + c]];
        }
    }

    private static float[] CreateNormalisedValues()
    {
        var table = new float[ImageNetPipeline.Channels * ByteValues];
        for (int c = 0; c < ImageNetPipeline.Channels; c++)
        {
            float mean = ImageNetPipeline.Mean[c], std = ImageNetPipeline.Std[c];
            for (int v = 0; v < ByteValues; v++) table[c * ByteValues + v] = (v - mean) / std;
        }
        return table;
    }
}
