using System.Globalization;
using System.Net;
using System.Text;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// Grouped bars (one group per batch size, one bar per contender) at the median, with a whisker from the slowest to the
/// fastest round, as a self-contained SVG that renders on GitHub without any plotting library.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 640;
    private const int Height = 360;
    private const int Margin = 48;
    private const int LegendRowHeight = 16;
    private const double GroupFill = 0.8;
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

    public static string Render(string title, EngineBenchmarkReport report)
    {
        var batches = report.Contenders[0].Batches.Select(b => b.BatchSize).ToList();
        var top = report.Contenders.SelectMany(c => c.Batches).Max(b => b.ImagesPerSecond.Max);
        var plotHeight = Height - 2 * Margin - LegendRowHeight * report.Contenders.Count;
        var groupWidth = (double)(Width - 2 * Margin) / batches.Count;
        var barWidth = groupWidth * GroupFill / report.Contenders.Count;
        double Y(double value) => Margin + plotHeight * (1 - value / top);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">{WebUtility.HtmlEncode(title)}</text>"));
        svg.Append(Invariant($"<text x=\"12\" y=\"{Margin + plotHeight / 2}\" transform=\"rotate(-90 12 {Margin + plotHeight / 2})\" text-anchor=\"middle\">images/s (median, whisker min-max)</text>"));
        svg.Append(Invariant($"<line x1=\"{Margin}\" y1=\"{Margin + plotHeight}\" x2=\"{Width - Margin}\" y2=\"{Margin + plotHeight}\" stroke=\"black\"/>"));
        for (var g = 0; g < batches.Count; g++)
        {
            var groupLeft = Margin + g * groupWidth + groupWidth * (1 - GroupFill) / 2;
            svg.Append(Invariant($"<text x=\"{Margin + (g + 0.5) * groupWidth:F1}\" y=\"{Margin + plotHeight + 16}\" text-anchor=\"middle\">batch {batches[g]}</text>"));
            for (var c = 0; c < report.Contenders.Count; c++)
            {
                var result = report.Contenders[c].Batches[g].ImagesPerSecond;
                var x = groupLeft + c * barWidth;
                var centre = x + barWidth / 2;
                svg.Append(Invariant($"<rect x=\"{x:F1}\" y=\"{Y(result.Median):F1}\" width=\"{barWidth * GroupFill:F1}\" height=\"{Margin + plotHeight - Y(result.Median):F1}\" fill=\"{Colours[c % Colours.Length]}\"/>"));
                svg.Append(Invariant($"<line x1=\"{centre:F1}\" y1=\"{Y(result.Min):F1}\" x2=\"{centre:F1}\" y2=\"{Y(result.Max):F1}\" stroke=\"black\"/>"));
                svg.Append(Invariant($"<text x=\"{centre:F1}\" y=\"{Y(result.Max) - 4:F1}\" text-anchor=\"middle\" font-size=\"10\">{result.Median:F1}</text>"));
            }
        }
        for (var c = 0; c < report.Contenders.Count; c++)
        {
            var y = Height - Margin / 2 - LegendRowHeight * (report.Contenders.Count - 1 - c);
            svg.Append(Invariant($"<rect x=\"{Margin}\" y=\"{y - 10}\" width=\"10\" height=\"10\" fill=\"{Colours[c % Colours.Length]}\"/>"));
            svg.Append(Invariant($"<text x=\"{Margin + 16}\" y=\"{y}\">{WebUtility.HtmlEncode(report.Contenders[c].Name)}</text>"));
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
