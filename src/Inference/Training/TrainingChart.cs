using System.Globalization;
using System.Text;

namespace ResNeXt.Inference.Training;

/// <summary>
/// A dependency-free SVG of the training curves: mean loss (left axis) and validation top-1 (right axis, 0-100%)
/// per epoch. Hand-written because no plotting library ships with the service.
/// </summary>
public static class TrainingChart
{
    public const string FileName = "curves.svg";

    private const double Width = 640;
    private const double Height = 360;
    private const double Margin = 48;
    private const double MaxPercent = 100;
    private const string LossColour = "#d62728";
    private const string AccuracyColour = "#1f77b4";

    public static void Write(string path, IReadOnlyList<EpochRecord> records) => File.WriteAllText(path, Render(records));

    public static string Render(IReadOnlyList<EpochRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var maxLoss = records.Count == 0 ? 1 : Math.Max(records.Max(r => r.Loss), double.Epsilon);
        var lastEpoch = records.Count == 0 ? 1 : Math.Max(records[^1].Epoch, 1);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{Margin}\" y=\"{Margin}\" width=\"{Width - 2 * Margin}\" height=\"{Height - 2 * Margin}\" fill=\"none\" stroke=\"#888\"/>\n");
        AppendLine(svg, records, r => r.Loss / maxLoss, lastEpoch, LossColour);
        AppendLine(svg, records, r => r.Top1 / MaxPercent, lastEpoch, AccuracyColour);
        AppendText(svg, Margin, Margin - 8, LossColour, $"loss (max {maxLoss.ToString("0.###", CultureInfo.InvariantCulture)})");
        AppendText(svg, Width - Margin - 150, Margin - 8, AccuracyColour, "val top-1 % (0-100)");
        foreach (var epoch in records.Select(r => r.Epoch))
        {
            AppendText(svg, EpochX(epoch, lastEpoch) - 3, Height - Margin + 14, "#000", epoch.ToString(CultureInfo.InvariantCulture));
        }
        AppendText(svg, Width / 2 - 16, Height - Margin / 4, "#000", "epoch");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void AppendLine(StringBuilder svg, IReadOnlyList<EpochRecord> records, Func<EpochRecord, double> fraction, int lastEpoch, string colour)
    {
        var points = records.Select(r => (X: EpochX(r.Epoch, lastEpoch), Y: Height - Margin - (Height - 2 * Margin) * Math.Clamp(fraction(r), 0, 1))).ToList();
        svg.Append(CultureInfo.InvariantCulture,
            $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")))}\"/>\n");
        // A marker per epoch, so a one-epoch run still shows its point.
        foreach (var (x, y) in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\" fill=\"{colour}\"/>\n");
        }
    }

    /// <summary>Epoch 1 on the left edge, the last epoch on the right; a single epoch sits in the middle.</summary>
    private static double EpochX(int epoch, int lastEpoch) =>
        lastEpoch <= 1 ? Width / 2 : Margin + (Width - 2 * Margin) * (epoch - 1) / (lastEpoch - 1);

    private static void AppendText(StringBuilder svg, double x, double y, string colour, string text) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y:0.#}\" fill=\"{colour}\" font-family=\"sans-serif\" font-size=\"12\">{text}</text>\n");
}
