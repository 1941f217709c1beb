using System.Xml.Linq;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Benchmarking.Charts;
using ResNeXt.Cli.Benchmarking.Preprocessing;

namespace ResNeXt.Cli.Tests.Benchmarking;

public sealed class SvgBarChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void EveryPanelDrawsOneBarPerSeriesAndGroupWithOneColourPerSeries()
    {
        BarChartPanel[] panels =
        [
            new("one thread", ["a.jpg", "b.png"], [new("ours", [new(2, 1, 3), new(4, 3, 5)]), new("theirs", [new(1, 1, 1), new(2, 2, 2)])]),
            new("all cores", ["a.jpg", "b.png"], [new("ours", [new(20, 10, 30), new(40, 30, 50)]), new("theirs", [new(10, 10, 10), new(20, 20, 20)])]),
        ];

        var svg = XDocument.Parse(SvgBarChart.Render("title <&>", "images/s", panels));

        // The background, 2 panels x 2 groups x 2 series bars, and 2 legend swatches.
        var rectangles = svg.Descendants(Svg + "rect").ToList();
        Assert.Equal(1 + 8 + 2, rectangles.Count);
        var bars = rectangles.Skip(1).Take(8).Select(r => (string?)r.Attribute("fill")).ToList();
        Assert.Equal(bars.Take(4), bars.Skip(4));
        Assert.Equal(2, bars.Distinct().Count());
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("title <&>", texts);
        Assert.Contains("all cores", texts);
        Assert.Contains("40.0", texts);
        Assert.Equal(1, texts.Count(t => t == "theirs"));
    }

    [Fact]
    public void ASeriesWithoutOneValuePerGroupIsRefused()
    {
        BarChartPanel[] panels = [new("p", ["a", "b"], [new("ours", [new(1, 1, 1)])])];

        Assert.Throws<ArgumentException>(() => SvgBarChart.Render("t", "images/s", panels));
    }

    [Fact]
    public void PreprocessingChartHasAPanelPerModeAndAGroupPerImage()
    {
        var report = Report([PreprocessingModes.Single, PreprocessingModes.AllCores], ["a.jpg", "b.png"], ["ours", "Pillow + numpy"]);

        var panels = PreprocessingChart.Panels(report);

        Assert.Equal(["one thread", "all cores (4 workers)"], panels.Select(p => p.Title));
        Assert.All(panels, p => Assert.Equal(["a.jpg", "b.png"], p.Groups));
        Assert.Equal(["ours", "Pillow + numpy"], panels[1].Series.Select(s => s.Name));
        // Each bar is the images/s of its own contender, mode and image.
        Assert.Equal(Value("ours", PreprocessingModes.AllCores, "b.png"), panels[1].Series[0].Values[1].Median);
    }

    private static double Value(string contender, string mode, string image) => contender.Length * 1000 + mode.Length * 10 + image.Length;

    private static PreprocessingBenchmarkReport Report(string[] modes, string[] images, string[] contenders)
    {
        var results = from contender in contenders
            from mode in modes
            from image in images
            let value = Value(contender, mode, image)
            select new PreprocessingResult(contender, mode, image, new Spread(1000 / value, 1000 / value, 1000 / value), new Spread(value, value, value));
        return new PreprocessingBenchmarkReport(
            [.. images.Select(i => new BenchmarkImage(i, "/x/" + i, 1, 1, "JPEG", []))], modes, 1, 0, 1, 1, 1, 4,
            DateTimeOffset.UnixEpoch, new MachineInfo("cpu", 4, "os", "runtime", "0 0 0"), "0 0 0", "TurboJpeg", "Pillow", ["default"],
            [.. results], [], []);
    }
}
