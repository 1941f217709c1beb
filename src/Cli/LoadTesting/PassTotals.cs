using ResNeXt.Cli.Metrics;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// One scrape of a model's forward-pass histograms: images per pass and seconds per pass. Two scrapes bracket a load
/// point, so their difference describes exactly the passes of that point.
/// </summary>
/// <param name="Seconds">Null for a service that exports no pass durations (an older build): the mean pass is then unknown.</param>
internal sealed record PassTotals(HistogramTotals Images, HistogramTotals? Seconds)
{
    private const double MillisecondsPerSecond = 1000;

    /// <summary>The passes since <paramref name="earlier"/>; a model with no batch yet has no series at all, which counts as zero.</summary>
    public PassMeans Since(PassTotals? earlier)
    {
        var images = Images.Since(earlier?.Images ?? Zero);
        var seconds = Seconds?.Since(earlier?.Seconds ?? Zero);
        return new PassMeans(images.Mean, seconds?.Mean * MillisecondsPerSecond);
    }

    private static HistogramTotals Zero { get; } = new(0, 0);
}
