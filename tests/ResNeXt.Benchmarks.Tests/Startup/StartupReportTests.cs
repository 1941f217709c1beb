using System.Text.Json;
using System.Xml.Linq;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Benchmarks.Startup;
using ResNeXt.Cli.Output;

namespace ResNeXt.Benchmarks.Tests.Startup;

public sealed class StartupReportTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    private static readonly ServiceRound[] ServiceRounds =
    [
        new(1, ReadySeconds: 3, FirstPredictionSeconds: 4, ModelLoadSeconds: null, 300 * MiB, 600 * MiB, 500 * MiB, ExitCode: 0),
        new(2, ReadySeconds: 1, FirstPredictionSeconds: 2, ModelLoadSeconds: 0.5, 100 * MiB, 400 * MiB, 300 * MiB, ExitCode: 0),
        new(3, ReadySeconds: 2, FirstPredictionSeconds: 3, ModelLoadSeconds: 0.7, 200 * MiB, 500 * MiB, 400 * MiB, ExitCode: 0),
    ];

    private static readonly PyTorchRound[] PyTorchRounds = [new(1, 5, 0.25, 700 * MiB), new(2, 4, 0.75, 900 * MiB)];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-startup-report-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void ServiceRoundsBecomeMedianMinAndMaxWithMemoryInMebibytes()
    {
        var summary = ServiceSummary.Of(ServiceRounds);

        Assert.Equal(new Spread(2, 1, 3), summary.ReadySeconds);
        Assert.Equal(new Spread(3, 2, 4), summary.FirstPredictionSeconds);
        Assert.Equal(new Spread(200, 100, 300), summary.ReadyPeakRssMebibytes);
        Assert.Equal(new Spread(500, 400, 600), summary.SteadyPeakRssMebibytes);
        Assert.Equal(new Spread(400, 300, 500), summary.SteadyRssMebibytes);
    }

    [Fact]
    public void ModelLoadTimeIsSummarisedOverTheRoundsThatReadItAndAbsentWhenNoneDid()
    {
        Assert.Equal(new Spread(0.6, 0.5, 0.7), ServiceSummary.Of(ServiceRounds).ModelLoadSeconds);
        Assert.Null(ServiceSummary.Of([ServiceRounds[0]]).ModelLoadSeconds);
    }

    [Fact]
    public void PyTorchRoundsBecomeMedianMinAndMax()
    {
        var summary = PyTorchSummary.Of(PyTorchRounds);

        Assert.Equal(new Spread(4.5, 4, 5), summary.ReadySeconds);
        Assert.Equal(new Spread(0.5, 0.25, 0.75), summary.LoadSeconds);
        Assert.Equal(new Spread(800, 700, 900), summary.PeakRssMebibytes);
    }

    [Fact]
    public void ModelResultWithoutPyTorchRoundsHasNoPyTorchSummaryAndKeepsTheCheckpointSize()
    {
        var checkpoint = Checkpoint(1234);

        var result = StartupModelResult.Of("tiny", checkpoint, ServiceRounds, []);

        Assert.Null(result.PyTorch);
        Assert.Equal(1234, result.CheckpointBytes);
        Assert.Equal(3, result.ServiceRounds.Count);
    }

    [Fact]
    public void ModelsRotateByOneEachRound()
    {
        string[] models = ["a", "b", "c"];

        Assert.Equal(["a", "b", "c"], StartupBenchmark.Rotate(models, 0));
        Assert.Equal(["b", "c", "a"], StartupBenchmark.Rotate(models, 1));
        Assert.Equal(["b", "c", "a"], StartupBenchmark.Rotate(models, 4));
    }

    [Fact]
    public void ServiceIsConfiguredForTheModelUnderTestAlone()
    {
        var settings = StartupBenchmark.ServiceSettings("tiny", "/data/models/tiny/tiny.pth", threads: 3);

        Assert.Equal("/data/models/tiny", settings["Models__Directory"]);
        Assert.Equal("/data/models/tiny/tiny.pth", settings["Models__Checkpoints__tiny"]);
        Assert.Equal("tiny", settings["Models__Preload__0"]);
        Assert.Equal("3", settings["Batching__IntraOpThreads"]);
        Assert.Equal(bool.FalseString, settings["Models__WatchForChanges"]);
    }

    [Fact]
    public void ChartHasAPanelForTimeAndOneForMemoryWithPyTorchBarsOnlyWhereItRan()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), ServiceRounds, PyTorchRounds),
            StartupModelResult.Of("other", Checkpoint(1), ServiceRounds, []));

        var ready = StartupChart.ReadyPanel(report);
        var memory = StartupChart.MemoryPanel(report);

        Assert.Equal(["tiny", "other"], ready.Groups);
        Assert.Equal(3, ready.Series.Count);
        Assert.Equal(new Spread(4.5, 4, 5), ready.Series[2].Values[0]);
        Assert.Null(ready.Series[2].Values[1]);
        Assert.Equal(new Spread(500, 400, 600), memory.Series[1].Values[0]);
        Assert.Contains("batch 8", memory.Series[1].Name);
    }

    [Fact]
    public void ChartWithoutPyTorchHasOnlyTheServiceSeries()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), ServiceRounds, []));

        Assert.Equal(2, StartupChart.ReadyPanel(report).Series.Count);
        Assert.Equal(2, StartupChart.MemoryPanel(report).Series.Count);
    }

    [Fact]
    public void SvgIsWellFormedWithBothPanelsAndTheModelNames()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), ServiceRounds, PyTorchRounds));

        var svg = XDocument.Parse(StartupChart.Render(report));

        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Equal(2, texts.Count(t => t == "tiny"));
        Assert.Contains(texts, t => t.StartsWith("peak RSS, MiB", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("PyTorch eager", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonNamesThePyTorchFiguresInOneWord()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), ServiceRounds, PyTorchRounds));
        using var writer = new StringWriter();

        CliJson.Write(writer, report);

        using var json = JsonDocument.Parse(writer.ToString());
        var model = json.RootElement.GetProperty("models")[0];
        Assert.Equal(4.5, model.GetProperty("pytorch").GetProperty("readySeconds").GetProperty("median").GetDouble());
        Assert.Equal(2, model.GetProperty("pytorchRounds").GetArrayLength());
        Assert.Equal(2, model.GetProperty("service").GetProperty("readySeconds").GetProperty("median").GetDouble());
    }

    private static StartupBenchmarkReport Report(params StartupModelResult[] models) =>
        new("dotnet ResNeXt.Api.dll", Rounds: 3, Concurrency: 8, Waves: 3, Threads: 2, TorchVersion: "1.13", DateTimeOffset.UnixEpoch,
            new MachineInfo("cpu", 2, "os", "runtime", "0 0 0"), "0 0 0", models);

    private string Checkpoint(int bytes)
    {
        var path = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.pth");
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }
}
