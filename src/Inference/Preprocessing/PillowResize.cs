using System.Buffers;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Pillow 9.4's <c>Image.resize(size, BILINEAR)</c> for 8-bit RGB (<c>ImagingResampleInner</c> with the
/// <c>_8bpc</c> passes of src/libImaging/Resample.c): horizontal pass first, rounded to uint8, then the vertical
/// pass; only the source rows the vertical pass reads are resampled horizontally, and an axis whose size does not
/// change is not resampled at all. Unlike Pillow it computes only a window of the output (the centre crop), which
/// is bit-identical because every output pixel depends on its own coefficients alone; an extreme aspect ratio
/// therefore costs a 224-wide window instead of a 256 x 100000 intermediate.
/// Images are packed RGB24 rows (stride = width * 3).
/// </summary>
internal static class PillowResize
{
    private const int Channels = ImageNetPipeline.Channels;
    private const int MaxByte = byte.MaxValue;

    /// <summary>Resizes the whole image; the destination holds <paramref name="outWidth"/> x <paramref name="outHeight"/> RGB24 pixels.</summary>
    public static void Resize(ReadOnlySpan<byte> source, int width, int height, int outWidth, int outHeight, Span<byte> destination) =>
        ResizeWindow(source, width, height, outWidth, outHeight, new PixelWindow(0, 0, outWidth, outHeight), destination);

    /// <summary>Computes only <paramref name="window"/> of the <paramref name="outWidth"/> x <paramref name="outHeight"/> resize.</summary>
    public static void ResizeWindow(
        ReadOnlySpan<byte> source, int width, int height, int outWidth, int outHeight, PixelWindow window, Span<byte> destination)
    {
        int sourceStride = width * Channels;
        int windowStride = window.Width * Channels;
        if (source.Length < sourceStride * height) throw new ArgumentException("The source is smaller than width x height x 3.", nameof(source));
        if (destination.Length < windowStride * window.Height) throw new ArgumentException("The destination is smaller than the window.", nameof(destination));

        bool resizeHorizontally = outWidth != width;
        bool resizeVertically = outHeight != height;
        var horizontal = resizeHorizontally ? ResampleCoefficients.Bilinear(width, outWidth, window.Left, window.Width) : null;
        if (!resizeVertically)
        {
            var rows = source.Slice(window.Top * sourceStride);
            if (horizontal is null) CopyColumns(rows, sourceStride, window.Left * Channels, windowStride, window.Height, destination);
            else ResampleHorizontal(rows, sourceStride, window.Height, horizontal, destination);
            return;
        }

        var vertical = ResampleCoefficients.Bilinear(height, outHeight, window.Top, window.Height);
        if (horizontal is null)
        {
            ResampleVertical(source.Slice(window.Left * Channels), sourceStride, windowStride, firstRow: 0, vertical, destination);
            return;
        }

        int rowCount = vertical.EndInput - vertical.FirstInput;
        var intermediate = ArrayPool<byte>.Shared.Rent(rowCount * windowStride);
        try
        {
            ResampleHorizontal(source.Slice(vertical.FirstInput * sourceStride), sourceStride, rowCount, horizontal, intermediate);
            ResampleVertical(intermediate, windowStride, windowStride, vertical.FirstInput, vertical, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(intermediate);
        }
    }

    private static void ResampleHorizontal(
        ReadOnlySpan<byte> rows, int sourceStride, int rowCount, ResampleCoefficients coefficients, Span<byte> destination)
    {
        int outStride = coefficients.OutputCount * Channels;
        for (int y = 0; y < rowCount; y++)
        {
            var sourceRow = rows.Slice(y * sourceStride, sourceStride);
            var outRow = destination.Slice(y * outStride, outStride);
            for (int x = 0; x < coefficients.OutputCount; x++)
            {
                var weights = coefficients.WeightsOf(x);
                var taps = sourceRow.Slice(coefficients.FirstTap[x] * Channels, weights.Length * Channels);
                int r = ResampleCoefficients.RoundingBias, g = r, b = r;
                for (int k = 0; k < weights.Length; k++)
                {
                    int w = weights[k];
                    r += taps[k * Channels] * w;
                    g += taps[k * Channels + 1] * w;
                    b += taps[k * Channels + 2] * w;
                }
                outRow[x * Channels] = Clip8(r);
                outRow[x * Channels + 1] = Clip8(g);
                outRow[x * Channels + 2] = Clip8(b);
            }
        }
    }

    /// <summary>
    /// Pillow loops pixel by pixel over the taps; summing whole rows tap by tap adds the same integers in a
    /// different order, which integer addition does not notice, and reads memory sequentially.
    /// </summary>
    private static void ResampleVertical(
        ReadOnlySpan<byte> rows, int stride, int rowLength, int firstRow, ResampleCoefficients coefficients, Span<byte> destination)
    {
        var accumulator = ArrayPool<int>.Shared.Rent(rowLength);
        try
        {
            var sums = accumulator.AsSpan(0, rowLength);
            for (int y = 0; y < coefficients.OutputCount; y++)
            {
                sums.Fill(ResampleCoefficients.RoundingBias);
                var weights = coefficients.WeightsOf(y);
                int top = coefficients.FirstTap[y] - firstRow;
                for (int k = 0; k < weights.Length; k++)
                {
                    AddWeightedRow(rows.Slice((top + k) * stride, rowLength), weights[k], sums);
                }
                var outRow = destination.Slice(y * rowLength, rowLength);
                for (int i = 0; i < rowLength; i++) outRow[i] = Clip8(sums[i]);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(accumulator);
        }
    }

    private static void AddWeightedRow(ReadOnlySpan<byte> row, int weight, Span<int> sums)
    {
        for (int i = 0; i < sums.Length; i++) sums[i] += row[i] * weight;
    }

    private static void CopyColumns(ReadOnlySpan<byte> rows, int sourceStride, int offset, int length, int rowCount, Span<byte> destination)
    {
        for (int y = 0; y < rowCount; y++)
        {
            rows.Slice(y * sourceStride + offset, length).CopyTo(destination.Slice(y * length, length));
        }
    }

    /// <summary>Pillow's <c>clip8</c>: drop the fraction bits, saturate to a byte.</summary>
    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> ResampleCoefficients.PrecisionBits, 0, MaxByte);
}
