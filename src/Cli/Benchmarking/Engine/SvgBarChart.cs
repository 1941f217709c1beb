using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// Grouped bars (one group per batch size, one bar per contender) at the median, with a whisker from the slowest to the
/// fastest round, drawn on the shared <see cref="SvgCanvas"/>.
/// </summary>
internal static class SvgBarChart
{
    private const double GroupFill = 0.8;
    private const int BatchLabelOffset = 16;
    private const int ValueLabelOffset = 4;

    public static string Render(string title, EngineBenchmarkReport report)
    {
        const int margin = SvgCanvas.Margin;
        var batches = report.Contenders[0].Batches.Select(b => b.BatchSize).ToList();
        var top = report.Contenders.SelectMany(c => c.Batches).Max(b => b.ImagesPerSecond.Max);
        var plotHeight = SvgCanvas.PlotHeight(report.Contenders.Count);
        var groupWidth = (double)(SvgCanvas.Width - 2 * margin) / batches.Count;
        var barWidth = groupWidth * GroupFill / report.Contenders.Count;
        double Y(double value) => margin + plotHeight * (1 - value / top);

        var canvas = new SvgCanvas(title);
        canvas.YTitle("images/s (median, whisker min-max)", margin + plotHeight / 2.0);
        canvas.Add($"<line x1=\"{margin}\" y1=\"{margin + plotHeight}\" x2=\"{SvgCanvas.Width - margin}\" y2=\"{margin + plotHeight}\" stroke=\"black\"/>");
        for (var g = 0; g < batches.Count; g++)
        {
            var groupLeft = margin + g * groupWidth + groupWidth * (1 - GroupFill) / 2;
            canvas.Add($"<text x=\"{margin + (g + 0.5) * groupWidth:F1}\" y=\"{margin + plotHeight + BatchLabelOffset}\" text-anchor=\"middle\">batch {batches[g]}</text>");
            for (var c = 0; c < report.Contenders.Count; c++)
            {
                var result = report.Contenders[c].Batches[g].ImagesPerSecond;
                var x = groupLeft + c * barWidth;
                var centre = x + barWidth / 2;
                canvas.Add($"<rect x=\"{x:F1}\" y=\"{Y(result.Median):F1}\" width=\"{barWidth * GroupFill:F1}\" height=\"{margin + plotHeight - Y(result.Median):F1}\" fill=\"{SvgCanvas.Colour(c)}\"/>");
                canvas.Add($"<line x1=\"{centre:F1}\" y1=\"{Y(result.Min):F1}\" x2=\"{centre:F1}\" y2=\"{Y(result.Max):F1}\" stroke=\"black\"/>");
                canvas.Add($"<text x=\"{centre:F1}\" y=\"{Y(result.Max) - ValueLabelOffset:F1}\" text-anchor=\"middle\" font-size=\"10\">{result.Median:F1}</text>");
            }
        }
        canvas.Legend([.. report.Contenders.Select((c, i) => (c.Name, i))]);
        return canvas.Close();
    }
}
