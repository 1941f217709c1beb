using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Pillow 9.4's <c>Image.resize(size, BILINEAR)</c> for 8-bit RGB (<c>ImagingResampleInner</c> with the
/// <c>_8bpc</c> passes of src/libImaging/Resample.c): horizontal pass first, rounded to uint8, then the vertical
/// pass; only the source rows the vertical pass reads are resampled horizontally, and an axis whose size does not
/// change is not resampled at all. Unlike Pillow it computes only a window of the output (the centre crop), which
/// is bit-identical because every output pixel depends on its own coefficients alone; an extreme aspect ratio
/// therefore costs a 224-wide window instead of a 256 x 100000 intermediate.
/// Images are packed RGB24 rows (stride = width * 3).
/// With AVX2 both passes run on vector registers in the same 32-bit integer arithmetic, so the bytes do not change:
/// every product and sum is exact, only the order of the additions differs, which integers do not notice.
/// </summary>
internal static class PillowResize
{
    private const int Channels = ImageNetPipeline.Channels;
    private const int MaxByte = byte.MaxValue;

    /// <summary>
    /// The horizontal pass widens 8 bytes per step: two taps' RGB in lanes 0-5, and two bytes of the next pixel, which
    /// get weight zero. The expanded weights hold, per pair of taps, one weight per lane.
    /// </summary>
    private const int TapsPerStep = 2;
    private const int LanesPerStep = 8;

    /// <summary>Moves the second tap's lanes (3-5) onto the first's (0-2) for the final sum.</summary>
    private static readonly Vector256<int> SecondTapLanes = Vector256.Create(3, 4, 5, 0, 0, 0, 0, 0);

    /// <summary>The vertical pass's step: two vectors of 8 int32 sums, packed back into 16 bytes.</summary>
    private const int VerticalStep = 16;
    private const int HalfVerticalStep = VerticalStep / 2;

    /// <summary>Whether the vector passes run (x86-64 with AVX2); elsewhere the scalar passes give the same bytes.</summary>
    public static bool IsVectorised => Avx2.IsSupported;

    /// <summary>Resizes the whole image; the destination holds <paramref name="outWidth"/> x <paramref name="outHeight"/> RGB24 pixels.</summary>
    public static void Resize(ReadOnlySpan<byte> source, int width, int height, int outWidth, int outHeight, Span<byte> destination) =>
        ResizeWindow(source, width, height, outWidth, outHeight, new PixelWindow(0, 0, outWidth, outHeight), destination);

    /// <summary>Computes only <paramref name="window"/> of the <paramref name="outWidth"/> x <paramref name="outHeight"/> resize.</summary>
    public static void ResizeWindow(
        ReadOnlySpan<byte> source, int width, int height, int outWidth, int outHeight, PixelWindow window, Span<byte> destination) =>
        ResizeWindow(source, width, height, outWidth, outHeight, window, destination, IsVectorised);

    /// <param name="vectorised">False forces the scalar passes, so tests can hold both to Pillow on any machine.</param>
    internal static void ResizeWindow(
        ReadOnlySpan<byte> source, int width, int height, int outWidth, int outHeight, PixelWindow window, Span<byte> destination, bool vectorised)
    {
        if (vectorised && !IsVectorised) throw new PlatformNotSupportedException("The vector resize passes need AVX2.");
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
            else ResampleHorizontal(rows, sourceStride, window.Height, horizontal, destination, vectorised);
            return;
        }

        var vertical = ResampleCoefficients.Bilinear(height, outHeight, window.Top, window.Height);
        if (horizontal is null)
        {
            ResampleVertical(source.Slice(window.Left * Channels), sourceStride, windowStride, firstRow: 0, vertical, destination, vectorised);
            return;
        }

        int rowCount = vertical.EndInput - vertical.FirstInput;
        var intermediate = ArrayPool<byte>.Shared.Rent(rowCount * windowStride);
        try
        {
            ResampleHorizontal(source.Slice(vertical.FirstInput * sourceStride), sourceStride, rowCount, horizontal, intermediate, vectorised);
            ResampleVertical(intermediate, windowStride, windowStride, vertical.FirstInput, vertical, destination, vectorised);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(intermediate);
        }
    }

    private static void ResampleHorizontal(
        ReadOnlySpan<byte> rows, int sourceStride, int rowCount, ResampleCoefficients coefficients, Span<byte> destination, bool vectorised)
    {
        // A vector step reads up to a pixel and two bytes past an output's last tap, which leaves the row (and, on the
        // last row, the buffer) only for the few outputs whose taps reach the row's last two pixels: those stay scalar.
        int vectorOutputs = vectorised ? coefficients.OutputsEndingBefore(sourceStride / Channels - 1) : 0;
        if (vectorOutputs > 0) ResampleHorizontalVector(rows, sourceStride, rowCount, coefficients, vectorOutputs, destination);
        ResampleHorizontalScalar(rows, sourceStride, rowCount, coefficients, vectorOutputs, destination);
    }

    private static void ResampleHorizontalScalar(
        ReadOnlySpan<byte> rows, int sourceStride, int rowCount, ResampleCoefficients coefficients, int firstOutput, Span<byte> destination)
    {
        int outStride = coefficients.OutputCount * Channels;
        for (int y = 0; y < rowCount; y++)
        {
            var sourceRow = rows.Slice(y * sourceStride, sourceStride);
            var outRow = destination.Slice(y * outStride, outStride);
            for (int x = firstOutput; x < coefficients.OutputCount; x++)
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
    /// Two taps per AVX2 register: each step widens two pixels' R, G, B to int32 and adds them times their weights,
    /// which is Pillow's three scalar sums twice side by side; the two halves are added once per output.
    /// </summary>
    private static unsafe void ResampleHorizontalVector(
        ReadOnlySpan<byte> rows, int sourceStride, int rowCount, ResampleCoefficients coefficients, int outputs, Span<byte> destination)
    {
        int outStride = coefficients.OutputCount * Channels;
        // Pointers skip the bounds checks, so the furthest byte any step reads is checked once here instead.
        if ((rowCount - 1L) * sourceStride + FurthestRead(coefficients, outputs) > rows.Length || (long)rowCount * outStride > destination.Length)
            throw new ArgumentException("The rows do not cover every byte the vector taps read.", nameof(rows));
        int steps = (coefficients.KernelSize + 1) / TapsPerStep;
        var expanded = ArrayPool<int>.Shared.Rent(outputs * steps * LanesPerStep);
        try
        {
            ExpandWeights(coefficients, outputs, steps, expanded);
            var bias = Vector256.Create(ResampleCoefficients.RoundingBias, ResampleCoefficients.RoundingBias, ResampleCoefficients.RoundingBias, 0, 0, 0, 0, 0);
            fixed (byte* source = rows, target = destination)
            fixed (int* firstTaps = coefficients.FirstTap, tapCounts = coefficients.TapCount, allWeights = expanded)
            {
                for (int y = 0; y < rowCount; y++)
                {
                    byte* row = source + (nint)y * sourceStride;
                    byte* outRow = target + (nint)y * outStride;
                    for (int x = 0; x < outputs; x++)
                    {
                        byte* taps = row + firstTaps[x] * Channels;
                        int* weights = allWeights + x * steps * LanesPerStep;
                        int count = (tapCounts[x] + 1) / TapsPerStep;
                        var sum = bias;
                        for (int k = 0; k < count; k++)
                            sum += Avx2.ConvertToVector256Int32(taps + k * TapsPerStep * Channels) * Vector256.Load(weights + k * LanesPerStep);
                        sum += Avx2.PermuteVar8x32(sum, SecondTapLanes);
                        uint packed = Clip8(sum.GetLower()).AsUInt32().ToScalar();
                        byte* pixel = outRow + x * Channels;
                        pixel[0] = (byte)packed;
                        pixel[1] = (byte)(packed >> 8);
                        pixel[2] = (byte)(packed >> 16);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(expanded);
        }
    }

    /// <summary>One past the last byte of a row that the first <paramref name="outputs"/> outputs' steps read.</summary>
    private static long FurthestRead(ResampleCoefficients coefficients, int outputs)
    {
        long furthest = 0;
        for (int x = 0; x < outputs; x++)
        {
            int steps = (coefficients.TapCount[x] + 1) / TapsPerStep;
            furthest = Math.Max(furthest, (coefficients.FirstTap[x] + (steps - 1L) * TapsPerStep) * Channels + LanesPerStep);
        }
        return furthest;
    }

    /// <summary>Per output and pair of taps: the first tap's weight in lanes 0-2, the second's in 3-5 (0 past the last tap), 0 in 6-7.</summary>
    private static void ExpandWeights(ResampleCoefficients coefficients, int outputs, int steps, Span<int> expanded)
    {
        expanded.Slice(0, outputs * steps * LanesPerStep).Clear();
        for (int x = 0; x < outputs; x++)
        {
            var weights = coefficients.WeightsOf(x);
            for (int k = 0; k < weights.Length; k++)
            {
                var lanes = expanded.Slice((x * steps + k / TapsPerStep) * LanesPerStep + k % TapsPerStep * Channels, Channels);
                lanes.Fill(weights[k]);
            }
        }
    }

    /// <summary>
    /// Pillow loops pixel by pixel over the taps; summing whole rows tap by tap adds the same integers in a
    /// different order, which integer addition does not notice, and reads memory sequentially.
    /// </summary>
    private static void ResampleVertical(
        ReadOnlySpan<byte> rows, int stride, int rowLength, int firstRow, ResampleCoefficients coefficients, Span<byte> destination, bool vectorised)
    {
        int vectorLength = vectorised ? rowLength - rowLength % VerticalStep : 0;
        if (vectorLength > 0) ResampleVerticalVector(rows, stride, rowLength, vectorLength, firstRow, coefficients, destination);
        if (vectorLength < rowLength) ResampleVerticalScalar(rows, stride, rowLength, vectorLength, firstRow, coefficients, destination);
    }

    private static void ResampleVerticalScalar(
        ReadOnlySpan<byte> rows, int stride, int rowLength, int firstColumn, int firstRow, ResampleCoefficients coefficients, Span<byte> destination)
    {
        int length = rowLength - firstColumn;
        var accumulator = ArrayPool<int>.Shared.Rent(length);
        try
        {
            var sums = accumulator.AsSpan(0, length);
            for (int y = 0; y < coefficients.OutputCount; y++)
            {
                sums.Fill(ResampleCoefficients.RoundingBias);
                var weights = coefficients.WeightsOf(y);
                int top = coefficients.FirstTap[y] - firstRow;
                for (int k = 0; k < weights.Length; k++)
                {
                    AddWeightedRow(rows.Slice((top + k) * stride + firstColumn, length), weights[k], sums);
                }
                var outRow = destination.Slice(y * rowLength + firstColumn, length);
                for (int i = 0; i < length; i++) outRow[i] = Clip8(sums[i]);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(accumulator);
        }
    }

    /// <summary>
    /// 16 bytes of an output row at a time, their sums kept in two AVX2 registers across the taps and packed back to
    /// bytes with saturation (which is <see cref="Clip8(int)"/>), so no row of sums ever goes through memory.
    /// </summary>
    private static unsafe void ResampleVerticalVector(
        ReadOnlySpan<byte> rows, int stride, int rowLength, int vectorLength, int firstRow, ResampleCoefficients coefficients, Span<byte> destination)
    {
        // Pointers skip the bounds checks, so the last row any tap reads is checked once here instead.
        if ((long)(coefficients.EndInput - firstRow - 1) * stride + rowLength > rows.Length || (long)coefficients.OutputCount * rowLength > destination.Length)
            throw new ArgumentException("The rows do not cover every row the taps read.", nameof(rows));
        int kernelSize = coefficients.KernelSize;
        var bias = Vector256.Create(ResampleCoefficients.RoundingBias);
        fixed (byte* source = rows, target = destination)
        fixed (int* allWeights = coefficients.Weights)
        {
            for (int y = 0; y < coefficients.OutputCount; y++)
            {
                byte* top = source + (nint)(coefficients.FirstTap[y] - firstRow) * stride;
                int* weights = allWeights + y * kernelSize;
                int count = coefficients.TapCount[y];
                byte* outRow = target + (nint)y * rowLength;
                for (int i = 0; i < vectorLength; i += VerticalStep)
                {
                    Vector256<int> low = bias, high = bias;
                    byte* column = top + i;
                    for (int k = 0; k < count; k++, column += stride)
                    {
                        var weight = Vector256.Create(weights[k]);
                        low += Avx2.ConvertToVector256Int32(column) * weight;
                        high += Avx2.ConvertToVector256Int32(column + HalfVerticalStep) * weight;
                    }
                    Clip8(low, high).Store(outRow + i);
                }
            }
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

    /// <summary><see cref="Clip8(int)"/> of four sums into the first four bytes: signed then unsigned saturation is the clamp.</summary>
    private static Vector128<byte> Clip8(Vector128<int> sums)
    {
        var words = Sse2.PackSignedSaturate(Vector128.ShiftRightArithmetic(sums, ResampleCoefficients.PrecisionBits), Vector128<int>.Zero);
        return Sse2.PackUnsignedSaturate(words, Vector128<short>.Zero);
    }

    /// <summary><see cref="Clip8(int)"/> of 16 sums, in order.</summary>
    private static Vector128<byte> Clip8(Vector256<int> low, Vector256<int> high)
    {
        low = Vector256.ShiftRightArithmetic(low, ResampleCoefficients.PrecisionBits);
        high = Vector256.ShiftRightArithmetic(high, ResampleCoefficients.PrecisionBits);
        // The 128-bit packs keep the order that the 256-bit ones would interleave by lane.
        var first = Sse2.PackSignedSaturate(low.GetLower(), low.GetUpper());
        var second = Sse2.PackSignedSaturate(high.GetLower(), high.GetUpper());
        return Sse2.PackUnsignedSaturate(first, second);
    }
}
