using ResNeXt.Cli.Benchmarking;

namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>
/// Grouped bars at the median with a whisker from the lowest to the highest round, one panel per unit side by side,
/// drawn on the shared <see cref="SvgCanvas"/>.
/// </summary>
internal static class SvgBarChart
{
    private const int PanelWidth = SvgCanvas.Width;
    private const int Margin = SvgCanvas.Margin;
    private const int GroupLabelOffset = 16;
    private const int ValueLabelGap = 4;
    private const double GroupFill = 0.8;

    public static string Render(string title, params IReadOnlyList<BarPanel> panels)
    {
        var canvas = new SvgCanvas(title, PanelWidth * panels.Count);
        var plotHeight = SvgCanvas.PlotHeight(panels.Max(p => p.Series.Count));
        for (var p = 0; p < panels.Count; p++)
            AddPanel(canvas, panels[p], p * PanelWidth, plotHeight);
        return canvas.Close();
    }

    private static void AddPanel(SvgCanvas canvas, BarPanel panel, int left, int plotHeight)
    {
        var values = panel.Series.SelectMany(s => s.Values).OfType<Spread>().ToList();
        // An empty or all-zero panel still gets a unit scale, so it draws an axis instead of dividing by zero.
        var top = values.Count == 0 ? 1 : Math.Max(values.Max(v => v.Max), double.Epsilon);
        var groupWidth = (double)(PanelWidth - 2 * Margin) / panel.Groups.Count;
        var barWidth = groupWidth * GroupFill / panel.Series.Count;
        var baseline = Margin + plotHeight;
        double Y(double value) => Margin + plotHeight * (1 - value / top);

        canvas.YTitle(panel.AxisLabel, Margin + plotHeight / 2.0, left);
        canvas.Add($"<line x1=\"{left + Margin}\" y1=\"{baseline}\" x2=\"{left + PanelWidth - Margin}\" y2=\"{baseline}\" stroke=\"black\"/>");
        for (var g = 0; g < panel.Groups.Count; g++)
        {
            var groupLeft = left + Margin + g * groupWidth + groupWidth * (1 - GroupFill) / 2;
            canvas.Add($"<text x=\"{left + Margin + (g + 0.5) * groupWidth:F1}\" y=\"{baseline + GroupLabelOffset}\" text-anchor=\"middle\">{SvgCanvas.Encode(panel.Groups[g])}</text>");
            for (var s = 0; s < panel.Series.Count; s++)
            {
                if (panel.Series[s].Values[g] is not { } result)
                    continue;
                var x = groupLeft + s * barWidth;
                var centre = x + barWidth / 2;
                canvas.Add($"<rect x=\"{x:F1}\" y=\"{Y(result.Median):F1}\" width=\"{barWidth * GroupFill:F1}\" height=\"{baseline - Y(result.Median):F1}\" fill=\"{SvgCanvas.Colour(s)}\"/>");
                canvas.Add($"<line x1=\"{centre:F1}\" y1=\"{Y(result.Min):F1}\" x2=\"{centre:F1}\" y2=\"{Y(result.Max):F1}\" stroke=\"black\"/>");
                canvas.Add($"<text x=\"{centre:F1}\" y=\"{Y(result.Max) - ValueLabelGap:F1}\" text-anchor=\"middle\" font-size=\"10\">{result.Median:F1}</text>");
            }
        }
        canvas.Legend([.. panel.Series.Select((series, index) => (series.Name, index))], left);
    }
}
