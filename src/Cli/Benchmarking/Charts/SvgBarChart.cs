using System.Globalization;
using System.Net;
using System.Text;

namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>
/// Grouped bars at the median with a whisker from the slowest to the fastest round, one panel per scale, as a
/// self-contained SVG that renders on GitHub without any plotting library. Series keep one colour across panels.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 640;
    private const int Margin = 48;
    private const int TitleHeight = 32;
    private const int PanelHeight = 300;
    private const int PanelTitleHeight = 24;
    private const int ValueLabelHeadroom = 14;
    private const int GroupLabelHeight = 28;
    private const int GroupLabelOffset = 16;
    private const int ValueLabelOffset = 4;
    private const int LegendRowHeight = 16;
    private const int LegendSwatch = 10;
    private const int LegendPadding = 16;
    private const int LegendTextGap = 6;
    private const int TitleBaseline = 20;
    private const int PanelTitleBaselineGap = 6;
    private const int AxisLabelX = 12;
    private const double GroupFill = 0.8;
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

    /// <param name="valueLabel">What the bars measure, e.g. "images/s"; the axis adds how to read the whiskers.</param>
    public static string Render(string title, string valueLabel, IReadOnlyList<BarChartPanel> panels)
    {
        foreach (var panel in panels)
        {
            if (panel.Series.Any(s => s.Values.Count != panel.Groups.Count))
                throw new ArgumentException($"Every series of panel '{panel.Title}' needs one value per group.", nameof(panels));
        }
        var names = panels.SelectMany(p => p.Series).Select(s => s.Name).Distinct().ToList();
        var height = TitleHeight + panels.Count * PanelHeight + names.Count * LegendRowHeight + LegendPadding;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{TitleBaseline}\" text-anchor=\"middle\" font-size=\"14\">{Encode(title)}</text>"));
        for (var p = 0; p < panels.Count; p++)
            AppendPanel(svg, panels[p], TitleHeight + p * PanelHeight, valueLabel, names);
        for (var s = 0; s < names.Count; s++)
        {
            var y = TitleHeight + panels.Count * PanelHeight + (s + 1) * LegendRowHeight;
            svg.Append(Invariant($"<rect x=\"{Margin}\" y=\"{y - LegendSwatch}\" width=\"{LegendSwatch}\" height=\"{LegendSwatch}\" fill=\"{Colour(s)}\"/>"));
            svg.Append(Invariant($"<text x=\"{Margin + LegendSwatch + LegendTextGap}\" y=\"{y}\">{Encode(names[s])}</text>"));
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendPanel(StringBuilder svg, BarChartPanel panel, int top, string valueLabel, List<string> names)
    {
        var plotTop = top + PanelTitleHeight + ValueLabelHeadroom;
        var plotBottom = top + PanelHeight - GroupLabelHeight;
        var plotHeight = plotBottom - plotTop;
        var highest = panel.Series.SelectMany(s => s.Values).Select(v => v.Max).DefaultIfEmpty(0).Max();
        var scale = highest > 0 ? highest : 1;
        double Y(double value) => plotBottom - plotHeight * value / scale;
        var groupWidth = (double)(Width - 2 * Margin) / Math.Max(1, panel.Groups.Count);
        var barWidth = groupWidth * GroupFill / Math.Max(1, panel.Series.Count);

        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{top + PanelTitleHeight - PanelTitleBaselineGap}\" text-anchor=\"middle\" font-weight=\"bold\">{Encode(panel.Title)}</text>"));
        var axisMiddle = plotTop + plotHeight / 2;
        svg.Append(Invariant($"<text x=\"{AxisLabelX}\" y=\"{axisMiddle}\" transform=\"rotate(-90 {AxisLabelX} {axisMiddle})\" text-anchor=\"middle\">{Encode(valueLabel)} (median, whisker min-max)</text>"));
        svg.Append(Invariant($"<line x1=\"{Margin}\" y1=\"{plotBottom}\" x2=\"{Width - Margin}\" y2=\"{plotBottom}\" stroke=\"black\"/>"));
        for (var g = 0; g < panel.Groups.Count; g++)
        {
            var groupLeft = Margin + g * groupWidth + groupWidth * (1 - GroupFill) / 2;
            svg.Append(Invariant($"<text x=\"{Margin + (g + 0.5) * groupWidth:F1}\" y=\"{plotBottom + GroupLabelOffset}\" text-anchor=\"middle\">{Encode(panel.Groups[g])}</text>"));
            for (var s = 0; s < panel.Series.Count; s++)
            {
                var value = panel.Series[s].Values[g];
                var x = groupLeft + s * barWidth;
                var centre = x + barWidth / 2;
                var colour = Colour(names.IndexOf(panel.Series[s].Name));
                svg.Append(Invariant($"<rect x=\"{x:F1}\" y=\"{Y(value.Median):F1}\" width=\"{barWidth * GroupFill:F1}\" height=\"{plotBottom - Y(value.Median):F1}\" fill=\"{colour}\"/>"));
                svg.Append(Invariant($"<line x1=\"{centre:F1}\" y1=\"{Y(value.Min):F1}\" x2=\"{centre:F1}\" y2=\"{Y(value.Max):F1}\" stroke=\"black\"/>"));
                svg.Append(Invariant($"<text x=\"{centre:F1}\" y=\"{Y(value.Max) - ValueLabelOffset:F1}\" text-anchor=\"middle\" font-size=\"10\">{value.Median:F1}</text>"));
            }
        }
    }

    private static string Colour(int series) => Colours[series % Colours.Length];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
