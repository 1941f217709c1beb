using System.Globalization;
using System.Net;
using System.Text;

namespace ResNeXt.Cli.Benchmarking.Charts;

/// <summary>
/// The frame every benchmark chart shares: a fixed-size white SVG with a title, a rotated y-axis title, a palette and a
/// legend of coloured squares. Self-contained SVG renders on GitHub without a plotting library; numbers are written
/// with the invariant culture so a chart drawn under a German locale is still valid SVG.
/// </summary>
internal sealed class SvgCanvas
{
    public const int Width = 640;
    public const int Height = 360;
    public const int Margin = 48;
    public const int LegendRowHeight = 16;

    private const int TitleBaseline = 20;
    private const int YTitleX = 12;
    private const int LegendSwatch = 10;
    private const int LegendTextOffset = 16;
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    private readonly StringBuilder svg = new();

    /// <param name="width">Wider than <see cref="Width"/> for charts of several panels side by side.</param>
    public SvgCanvas(string title, int width = Width)
    {
        Add($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Add($"<rect width=\"{width}\" height=\"{Height}\" fill=\"white\"/>");
        Add($"<text x=\"{width / 2}\" y=\"{TitleBaseline}\" text-anchor=\"middle\" font-size=\"14\">{Encode(title)}</text>");
    }

    public static string Colour(int index) => Palette[index % Palette.Length];

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Height left for the plot between the title margin and a legend of <paramref name="legendRows"/> rows.</summary>
    public static int PlotHeight(int legendRows) => Height - 2 * Margin - LegendRowHeight * legendRows;

    public void Add(FormattableString element) => svg.Append(element.ToString(CultureInfo.InvariantCulture));

    /// <param name="left">The left edge of the panel the title belongs to.</param>
    public void YTitle(string text, double centreY, int left = 0) =>
        Add($"<text x=\"{left + YTitleX}\" y=\"{centreY:F1}\" transform=\"rotate(-90 {left + YTitleX} {centreY:F1})\" text-anchor=\"middle\">{Encode(text)}</text>");

    /// <summary>One row per entry at the bottom left, each with the palette colour of its index (see <see cref="Colour"/>).</summary>
    /// <param name="left">The left edge of the panel the legend belongs to.</param>
    public void Legend(IReadOnlyList<(string Name, int ColourIndex)> entries, int left = 0)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var y = Height - Margin / 2 - LegendRowHeight * (entries.Count - 1 - i);
            Add($"<rect x=\"{left + Margin}\" y=\"{y - LegendSwatch}\" width=\"{LegendSwatch}\" height=\"{LegendSwatch}\" fill=\"{Colour(entries[i].ColourIndex)}\"/>");
            Add($"<text x=\"{left + Margin + LegendTextOffset}\" y=\"{y}\">{Encode(entries[i].Name)}</text>");
        }
    }

    public string Close() => svg.Append("</svg>").ToString();
}
