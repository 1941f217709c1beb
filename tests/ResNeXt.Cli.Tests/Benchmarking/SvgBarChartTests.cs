using System.Xml.Linq;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Benchmarking.Charts;

namespace ResNeXt.Cli.Tests.Benchmarking;

public sealed class SvgBarChartTests
{
    private static readonly Spread Value = new(2, 1, 3);

    [Fact]
    public void EachPanelIsAsWideAsTheChartWasAndMissingValuesDrawNoBar()
    {
        var time = new BarPanel("s", ["a", "b"], [new BarSeries("x", [Value, null]), new BarSeries("y", [Value, Value])]);
        var memory = new BarPanel("MiB", ["a", "b"], [new BarSeries("z", [Value, Value])]);

        var svg = XDocument.Parse(SvgBarChart.Render("title", time, memory)).Root!;

        Assert.Equal("1280", svg.Attribute("width")!.Value);
        // Background, 3 + 2 bars, 2 + 1 legend swatches.
        Assert.Equal(1 + 5 + 3, svg.Elements().Count(e => e.Name.LocalName == "rect"));
        // One whisker per bar plus each panel's baseline.
        Assert.Equal(5 + 2, svg.Elements().Count(e => e.Name.LocalName == "line"));
    }

    [Fact]
    public void TextIsEscaped()
    {
        var panel = new BarPanel("<s>", ["a & b"], [new BarSeries("\"x\"", [Value])]);

        var svg = XDocument.Parse(SvgBarChart.Render("t < u", panel));

        Assert.Contains(svg.Descendants(), e => e.Value == "a & b");
    }
}
