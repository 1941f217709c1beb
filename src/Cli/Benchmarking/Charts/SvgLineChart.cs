namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>
/// Points and lines on numeric axes with tick labels, plus dashed reference lines, on the shared <see cref="SvgCanvas"/>.
/// Series without points are left out, legend included, so a scenario that produced nothing draws no empty entry; each
/// series keeps the colour of its position in <see cref="LineChart.Series"/>, so a colour means the same in every run.
/// </summary>
internal static class SvgLineChart
{
    // Room for y tick labels of up to five digits between the rotated y title and the plot.
    private const int PlotLeft = SvgCanvas.Margin + 8;
    private const int PlotRight = SvgCanvas.Width - SvgCanvas.Margin;
    private const int PlotTop = SvgCanvas.Margin;
    private const int TickLength = 4;
    private const int XTickLabelOffset = 14;
    private const int XTitleOffset = 28;
    private const int MarkerRadius = 3;
    private const int LabelPadding = 3;
    private const int TargetTickCount = 5;

    // Keeps the first and last data x of a logarithmic axis off the plot's edges.
    private const int LogarithmicInset = 16;
    private const string Grid = "#dddddd";
    private const string ReferenceColour = "#555555";

    public static string Render(LineChart chart)
    {
        var series = chart.Series.Select((s, index) => (Series: s, Colour: index)).Where(s => s.Series.Points.Count > 0).ToList();
        var plotHeight = SvgCanvas.PlotHeight(series.Count);
        var plotBottom = PlotTop + plotHeight;
        var points = series.SelectMany(s => s.Series.Points).ToList();

        var yTicks = NiceTicks(points.Select(p => p.Y).Concat(chart.ReferenceLines.Where(r => !r.Vertical).Select(r => r.Value)).DefaultIfEmpty(0).Max());
        var yTop = yTicks[^1];
        double Y(double value) => plotBottom - plotHeight * value / yTop;

        var xValues = points.Select(p => p.X).Concat(chart.ReferenceLines.Where(r => r.Vertical).Select(r => r.Value)).ToList();
        var (xTicks, X) = chart.LogarithmicX ? LogarithmicAxis(xValues) : LinearAxis(xValues);

        var canvas = new SvgCanvas(chart.Title);
        canvas.YTitle(chart.YTitle, PlotTop + plotHeight / 2.0);
        canvas.Add($"<text x=\"{(PlotLeft + PlotRight) / 2}\" y=\"{plotBottom + XTitleOffset}\" text-anchor=\"middle\">{SvgCanvas.Encode(chart.XTitle)}</text>");
        foreach (var tick in yTicks)
        {
            canvas.Add($"<line x1=\"{PlotLeft}\" y1=\"{Y(tick):F1}\" x2=\"{PlotRight}\" y2=\"{Y(tick):F1}\" stroke=\"{Grid}\"/>");
            canvas.Add($"<text x=\"{PlotLeft - TickLength}\" y=\"{Y(tick) + LabelPadding:F1}\" text-anchor=\"end\" font-size=\"10\">{Label(tick)}</text>");
        }
        foreach (var tick in xTicks)
        {
            canvas.Add($"<line x1=\"{X(tick):F1}\" y1=\"{plotBottom}\" x2=\"{X(tick):F1}\" y2=\"{plotBottom + TickLength}\" stroke=\"black\"/>");
            canvas.Add($"<text x=\"{X(tick):F1}\" y=\"{plotBottom + XTickLabelOffset}\" text-anchor=\"middle\" font-size=\"10\">{Label(tick)}</text>");
        }
        canvas.Add($"<polyline points=\"{PlotLeft},{PlotTop} {PlotLeft},{plotBottom} {PlotRight},{plotBottom}\" fill=\"none\" stroke=\"black\"/>");

        foreach (var line in chart.ReferenceLines)
        {
            var encoded = SvgCanvas.Encode(line.Label);
            if (line.Vertical)
            {
                canvas.Add($"<line x1=\"{X(line.Value):F1}\" y1=\"{PlotTop}\" x2=\"{X(line.Value):F1}\" y2=\"{plotBottom}\" stroke=\"{ReferenceColour}\" stroke-dasharray=\"4 3\"/>");
                canvas.Add($"<text x=\"{X(line.Value) - LabelPadding:F1}\" y=\"{PlotTop + XTickLabelOffset}\" text-anchor=\"end\" font-size=\"10\" fill=\"{ReferenceColour}\">{encoded}</text>");
            }
            else
            {
                canvas.Add($"<line x1=\"{PlotLeft}\" y1=\"{Y(line.Value):F1}\" x2=\"{PlotRight}\" y2=\"{Y(line.Value):F1}\" stroke=\"{ReferenceColour}\" stroke-dasharray=\"4 3\"/>");
                canvas.Add($"<text x=\"{PlotLeft + LabelPadding}\" y=\"{Y(line.Value) - LabelPadding:F1}\" font-size=\"10\" fill=\"{ReferenceColour}\">{encoded}</text>");
            }
        }

        foreach (var (line, colourIndex) in series)
        {
            var colour = SvgCanvas.Colour(colourIndex);
            if (line.Connected && line.Points.Count > 1)
            {
                var path = string.Join(' ', line.Points.OrderBy(p => p.X).Select(p => FormattableString.Invariant($"{X(p.X):F1},{Y(p.Y):F1}")));
                canvas.Add($"<polyline points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            }
            foreach (var point in line.Points)
                canvas.Add($"<circle cx=\"{X(point.X):F1}\" cy=\"{Y(point.Y):F1}\" r=\"{MarkerRadius}\" fill=\"{colour}\"/>");
        }
        canvas.Legend([.. series.Select(s => (s.Series.Name, s.Colour))]);
        return canvas.Close();
    }

    /// <summary>0 to a round top in 1, 2 or 5 times a power of ten, in about <see cref="TargetTickCount"/> steps.</summary>
    internal static double[] NiceTicks(double max)
    {
        if (!(max > 0))
            return [0, 1];
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max / TargetTickCount)));
        var step = new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(s => max / s <= TargetTickCount);
        var count = (int)Math.Ceiling(max / step - 1e-9);
        return [.. Enumerable.Range(0, count + 1).Select(i => i * step)];
    }

    private static (IReadOnlyList<double> Ticks, Func<double, double> X) LinearAxis(IReadOnlyList<double> values)
    {
        var ticks = NiceTicks(values.DefaultIfEmpty(0).Max());
        var right = ticks[^1];
        return (ticks, value => PlotLeft + (PlotRight - PlotLeft) * value / right);
    }

    private static (IReadOnlyList<double> Ticks, Func<double, double> X) LogarithmicAxis(IReadOnlyList<double> values)
    {
        var ticks = values.Where(v => v > 0).Distinct().Order().DefaultIfEmpty(1).ToList();
        var low = Math.Log2(ticks[0]);
        var span = Math.Log2(ticks[^1]) - low;
        // A single x value sits in the middle instead of dividing by a zero span.
        const int left = PlotLeft + LogarithmicInset;
        const int right = PlotRight - LogarithmicInset;
        return (ticks, value => span == 0 ? (left + right) / 2.0 : left + (right - left) * (Math.Log2(value) - low) / span);
    }

    private static string Label(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
