namespace ResNeXt.Inference.Training;

/// <summary>
/// The crop rectangle of mmpretrain's <c>RandomResizedCrop</c> (mmpretrain/datasets/transforms/processing.py
/// <c>get_params</c>, itself torchvision's algorithm): up to ten tries of an area fraction drawn uniformly from
/// <see cref="MinScale"/>..<see cref="MaxScale"/> and an aspect ratio drawn log-uniformly from 3/4..4/3, the first
/// that fits placed uniformly at random; otherwise a central crop clamped to the ratio range.
/// </summary>
public static class RandomResizedCrop
{
    public const double MinScale = 0.08;
    public const double MaxScale = 1.0;
    public const double MinRatio = 3.0 / 4.0;
    public const double MaxRatio = 4.0 / 3.0;
    public const int MaxAttempts = 10;

    /// <returns>Left, top, width and height of the crop inside a <paramref name="width"/> x <paramref name="height"/> image.</returns>
    public static (int Left, int Top, int Width, int Height) Sample(int width, int height, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double area = (double)width * height;
        double logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var targetArea = Uniform(random, MinScale, MaxScale) * area;
            var aspect = Math.Exp(Uniform(random, logMin, logMax));
            // Python's round() rounds halves to even, as Math.Round does by default.
            var cropWidth = (int)Math.Round(Math.Sqrt(targetArea * aspect));
            var cropHeight = (int)Math.Round(Math.Sqrt(targetArea / aspect));
            if (cropWidth > 0 && cropWidth <= width && cropHeight > 0 && cropHeight <= height)
            {
                // np.random.randint(0, n + 1) draws 0..n inclusive.
                var top = random.Next(height - cropHeight + 1);
                var left = random.Next(width - cropWidth + 1);
                return (left, top, cropWidth, cropHeight);
            }
        }
        return CentralFallback(width, height);
    }

    private static (int Left, int Top, int Width, int Height) CentralFallback(int width, int height)
    {
        var inRatio = (double)width / height;
        var (cropWidth, cropHeight) = inRatio < MinRatio ? (width, (int)Math.Round(width / MinRatio))
            : inRatio > MaxRatio ? ((int)Math.Round(height * MaxRatio), height)
            : (width, height);
        return ((width - cropWidth) / 2, (height - cropHeight) / 2, cropWidth, cropHeight);
    }

    private static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();
}
