using System.Globalization;
using System.Net;
using System.Text;

namespace ResNeXt.Cli.Benchmarking;

/// <summary>
/// Grouped bars at the median with a whisker from the lowest to the highest round, one panel per unit side by side, as a
/// self-contained SVG that renders on GitHub without any plotting library.
/// </summary>
internal static class SvgBarChart
{
    private const int PanelWidth = 640;
    private const int Height = 360;
    private const int Margin = 48;
    private const int TitleBaseline = 20;
    private const int GroupLabelOffset = 16;
    private const int LegendRowHeight = 16;
    private const int LegendSwatch = 10;
    private const int ValueLabelGap = 4;
    private const double GroupFill = 0.8;
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

    public static string Render(string title, params IReadOnlyList<BarPanel> panels)
    {
        var width = PanelWidth * panels.Count;
        var legendRows = panels.Max(p => p.Series.Count);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.Append(Invariant($"<text x=\"{width / 2}\" y=\"{TitleBaseline}\" text-anchor=\"middle\" font-size=\"14\">{WebUtility.HtmlEncode(title)}</text>"));
        for (var p = 0; p < panels.Count; p++)
            AppendPanel(svg, panels[p], p * PanelWidth, legendRows);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendPanel(StringBuilder svg, BarPanel panel, int left, int legendRows)
    {
        var values = panel.Series.SelectMany(s => s.Values).OfType<Spread>().ToList();
        // An empty or all-zero panel still gets a unit scale, so it draws an axis instead of dividing by zero.
        var top = values.Count == 0 ? 1 : Math.Max(values.Max(v => v.Max), double.Epsilon);
        var plotHeight = Height - 2 * Margin - LegendRowHeight * legendRows;
        var groupWidth = (double)(PanelWidth - 2 * Margin) / panel.Groups.Count;
        var barWidth = groupWidth * GroupFill / panel.Series.Count;
        var baseline = Margin + plotHeight;
        double Y(double value) => Margin + plotHeight * (1 - value / top);

        var axisX = left + LegendRowHeight - ValueLabelGap;
        svg.Append(Invariant($"<text x=\"{axisX}\" y=\"{Margin + plotHeight / 2}\" transform=\"rotate(-90 {axisX} {Margin + plotHeight / 2})\" text-anchor=\"middle\">{WebUtility.HtmlEncode(panel.AxisLabel)}</text>"));
        svg.Append(Invariant($"<line x1=\"{left + Margin}\" y1=\"{baseline}\" x2=\"{left + PanelWidth - Margin}\" y2=\"{baseline}\" stroke=\"black\"/>"));
        for (var g = 0; g < panel.Groups.Count; g++)
        {
            var groupLeft = left + Margin + g * groupWidth + groupWidth * (1 - GroupFill) / 2;
            svg.Append(Invariant($"<text x=\"{left + Margin + (g + 0.5) * groupWidth:F1}\" y=\"{baseline + GroupLabelOffset}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(panel.Groups[g])}</text>"));
            for (var s = 0; s < panel.Series.Count; s++)
            {
                if (panel.Series[s].Values[g] is not { } result)
                    continue;
                var x = groupLeft + s * barWidth;
                var centre = x + barWidth / 2;
                svg.Append(Invariant($"<rect x=\"{x:F1}\" y=\"{Y(result.Median):F1}\" width=\"{barWidth * GroupFill:F1}\" height=\"{baseline - Y(result.Median):F1}\" fill=\"{Colour(s)}\"/>"));
                svg.Append(Invariant($"<line x1=\"{centre:F1}\" y1=\"{Y(result.Min):F1}\" x2=\"{centre:F1}\" y2=\"{Y(result.Max):F1}\" stroke=\"black\"/>"));
                svg.Append(Invariant($"<text x=\"{centre:F1}\" y=\"{Y(result.Max) - ValueLabelGap:F1}\" text-anchor=\"middle\" font-size=\"10\">{result.Median:F1}</text>"));
            }
        }
        for (var s = 0; s < panel.Series.Count; s++)
        {
            var y = Height - Margin / 2 - LegendRowHeight * (panel.Series.Count - 1 - s);
            svg.Append(Invariant($"<rect x=\"{left + Margin}\" y=\"{y - LegendSwatch}\" width=\"{LegendSwatch}\" height=\"{LegendSwatch}\" fill=\"{Colour(s)}\"/>"));
            svg.Append(Invariant($"<text x=\"{left + Margin + LegendRowHeight}\" y=\"{y}\">{WebUtility.HtmlEncode(panel.Series[s].Name)}</text>"));
        }
    }

    private static string Colour(int series) => Colours[series % Colours.Length];

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
