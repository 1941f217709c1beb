namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Pillow 9.4's BILINEAR coefficients along one axis (<c>precompute_coeffs</c> then <c>normalize_coeffs_8bpc</c> in
/// src/libImaging/Resample.c), computed only for the outputs <c>[firstOutput, firstOutput + outputCount)</c>.
/// Every output's taps depend on its own index alone, so a window of outputs is bit-identical to the same
/// outputs of a full resize.
/// </summary>
internal sealed class ResampleCoefficients
{
    /// <summary>Pillow's <c>PRECISION_BITS</c> (32 - 8 - 2): 8 bits of pixel, 2 bits of headroom for overshoot.</summary>
    public const int PrecisionBits = 22;

    /// <summary>Pillow starts every accumulator at one half so that the final shift rounds to nearest.</summary>
    public const int RoundingBias = 1 << (PrecisionBits - 1);

    private const double BilinearSupport = 1.0;

    private ResampleCoefficients(int kernelSize, int[] firstTap, int[] tapCount, int[] weights)
    {
        KernelSize = kernelSize;
        FirstTap = firstTap;
        TapCount = tapCount;
        Weights = weights;
    }

    /// <summary>Stride of <see cref="Weights"/>: the most taps any output can have.</summary>
    public int KernelSize { get; }

    /// <summary>Per output, the first input index it reads (Pillow's <c>xmin</c>).</summary>
    public int[] FirstTap { get; }

    /// <summary>Per output, how many consecutive inputs it reads (Pillow's <c>xmax</c> after <c>xmax -= xmin</c>).</summary>
    public int[] TapCount { get; }

    /// <summary>Fixed-point weights with <see cref="PrecisionBits"/> fractional bits, <see cref="KernelSize"/> per output.</summary>
    public int[] Weights { get; }

    public int OutputCount => FirstTap.Length;

    /// <summary>First input index any of these outputs reads (Pillow's <c>ybox_first</c> for the vertical axis).</summary>
    public int FirstInput => FirstTap[0];

    /// <summary>One past the last input index any of these outputs reads (Pillow's <c>ybox_last</c>).</summary>
    public int EndInput => FirstTap[^1] + TapCount[^1];

    /// <summary>How many leading outputs read no input at or past <paramref name="input"/> (taps end in output order).</summary>
    public int OutputsEndingBefore(int input)
    {
        int count = 0;
        while (count < OutputCount && FirstTap[count] + TapCount[count] < input) count++;
        return count;
    }

    public ReadOnlySpan<int> WeightsOf(int output) => Weights.AsSpan(output * KernelSize, TapCount[output]);

    public static ResampleCoefficients Bilinear(int inSize, int outSize, int firstOutput, int outputCount)
    {
        // Pillow computes the scale from float box edges; for whole-image boxes the subtraction is exact.
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = BilinearSupport * filterScale;
        int kernelSize = (int)Math.Ceiling(support) * 2 + 1;

        var firstTap = new int[outputCount];
        var tapCount = new int[outputCount];
        var weights = new int[outputCount * kernelSize];
        var tapBuffer = new double[kernelSize];
        for (int i = 0; i < outputCount; i++)
        {
            double center = (firstOutput + i + 0.5) * scale;
            int xmin = Math.Max(0, (int)(center - support + 0.5));
            int xmax = Math.Min(inSize, (int)(center + support + 0.5)) - xmin;
            firstTap[i] = xmin;
            tapCount[i] = xmax;
            ComputeNormalisedTaps(tapBuffer.AsSpan(0, xmax), xmin, center, 1.0 / filterScale);
            ToFixedPoint(tapBuffer.AsSpan(0, xmax), weights.AsSpan(i * kernelSize, xmax));
        }
        return new ResampleCoefficients(kernelSize, firstTap, tapCount, weights);
    }

    private static void ComputeNormalisedTaps(Span<double> taps, int xmin, double center, double inverseFilterScale)
    {
        double sum = 0.0;
        for (int x = 0; x < taps.Length; x++)
        {
            // Same operation order as Pillow: (x + xmin - center + 0.5) * ss, all in double.
            double w = BilinearFilter((x + xmin - center + 0.5) * inverseFilterScale);
            taps[x] = w;
            sum += w;
        }
        if (sum == 0.0) return;
        for (int x = 0; x < taps.Length; x++) taps[x] /= sum;
    }

    private static double BilinearFilter(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static void ToFixedPoint(ReadOnlySpan<double> taps, Span<int> weights)
    {
        const double one = 1 << PrecisionBits;
        for (int x = 0; x < taps.Length; x++)
        {
            // normalize_coeffs_8bpc rounds half away from zero by adding +-0.5 and truncating.
            weights[x] = taps[x] < 0 ? (int)(-0.5 + taps[x] * one) : (int)(0.5 + taps[x] * one);
        }
    }
}
