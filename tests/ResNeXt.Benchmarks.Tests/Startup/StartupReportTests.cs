using System.Text.Json;
using System.Xml.Linq;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Benchmarks.Startup;
using ResNeXt.Cli.Output;
using ResNeXt.Inference.Engine;

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

    /// <summary>Half the load time and three quarters of the memory of <see cref="ServiceRounds"/>, so every ratio is known.</summary>
    private static readonly ServiceRound[] FasterRounds =
    [
        new(1, ReadySeconds: 2, FirstPredictionSeconds: 3, ModelLoadSeconds: 0.25, 150 * MiB, 450 * MiB, 375 * MiB, ExitCode: 0),
        new(2, ReadySeconds: 1, FirstPredictionSeconds: 2, ModelLoadSeconds: 0.3, 150 * MiB, 300 * MiB, 225 * MiB, ExitCode: 0),
        new(3, ReadySeconds: 1, FirstPredictionSeconds: 2, ModelLoadSeconds: 0.35, 150 * MiB, 375 * MiB, 300 * MiB, ExitCode: 0),
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

        var result = StartupModelResult.Of("tiny", checkpoint, Service(torchsharp: ServiceRounds), []);

        Assert.Null(result.PyTorch);
        Assert.Equal(1234, result.CheckpointBytes);
        Assert.Equal(3, Assert.Single(result.Backends).ServiceRounds.Count);
    }

    [Fact]
    public void ModelResultGroupsTheRoundsByBackendInTheOrderGiven()
    {
        var result = StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds, torchsharp: ServiceRounds), []);

        Assert.Equal([EngineBackendNames.OnnxRuntime, EngineBackendNames.TorchSharp], result.Backends.Select(b => b.Backend));
        Assert.Equal(new Spread(0.3, 0.25, 0.35), result.For(EngineBackendNames.OnnxRuntime)!.Service.ModelLoadSeconds);
        Assert.Equal(new Spread(0.6, 0.5, 0.7), result.For(EngineBackendNames.TorchSharp)!.Service.ModelLoadSeconds);
        Assert.Same(FasterRounds, result.For(EngineBackendNames.OnnxRuntime)!.ServiceRounds);
    }

    [Fact]
    public void RatiosAreOnnxRuntimesMediansOverTorchSharps()
    {
        var result = StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds, torchsharp: ServiceRounds), []);

        var ratio = Assert.IsType<BackendRatio>(result.OnnxRuntimeOverTorchSharp);
        Assert.Equal(0.5, ratio.ModelLoadSeconds!.Value, precision: 9);
        Assert.Equal(0.75, ratio.SteadyRssMebibytes, precision: 9);
        Assert.Equal(0.75, ratio.SteadyPeakRssMebibytes, precision: 9);
    }

    [Fact]
    public void RatioIsAbsentWithOneBackendAndItsLoadTermAbsentWhenEitherLacksTheMetric()
    {
        Assert.Null(StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds), []).OnnxRuntimeOverTorchSharp);

        var noMetric = StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds, torchsharp: [ServiceRounds[0]]), []);

        Assert.Null(noMetric.OnnxRuntimeOverTorchSharp!.ModelLoadSeconds);
    }

    [Fact]
    public void EveryRoundStartsEachModelWithEachBackendAndPyTorchExactlyOnce()
    {
        string[] models = ["a", "b"];
        EngineBackend[] backends = [EngineBackend.OnnxRuntime, EngineBackend.TorchSharp];
        StartupRun[] all = [.. models.SelectMany(m => new StartupRun[] { new(m, EngineBackend.OnnxRuntime), new(m, EngineBackend.TorchSharp), new(m, null) })];

        for (var round = 0; round < 4; round++)
        {
            var runs = StartupRun.InRound(models, backends, pytorch: true, round).ToList();
            Assert.Equal(all.Length, runs.Count);
            Assert.Equal(all.ToHashSet(), runs.ToHashSet());
        }
    }

    [Fact]
    public void ModelsRotateAndWithinAModelEachBackendAndPyTorchGoFirstInTurn()
    {
        string[] models = ["a", "b"];
        EngineBackend[] backends = [EngineBackend.OnnxRuntime, EngineBackend.TorchSharp];

        List<StartupRun>[] rounds = [.. Enumerable.Range(0, 3).Select(r => StartupRun.InRound(models, backends, pytorch: true, r).ToList())];

        Assert.Equal(["a", "b", "a"], rounds.Select(r => r[0].Model));
        Assert.Equal(new EngineBackend?[] { EngineBackend.OnnxRuntime, EngineBackend.TorchSharp, null }, rounds.Select(r => r[0].Backend));
    }

    [Fact]
    public void WithoutPyTorchOnlyTheServiceStarts()
    {
        var runs = StartupRun.InRound(["a"], [EngineBackend.TorchSharp, EngineBackend.OnnxRuntime], pytorch: false, round: 1).ToList();

        Assert.Equal([new StartupRun("a", EngineBackend.OnnxRuntime), new StartupRun("a", EngineBackend.TorchSharp)], runs);
    }

    [Theory]
    [InlineData(EngineBackend.OnnxRuntime, "onnxruntime")]
    [InlineData(EngineBackend.TorchSharp, "torchsharp")]
    public void ServiceIsConfiguredForTheModelAndBackendUnderTestAlone(EngineBackend backend, string name)
    {
        var settings = StartupBenchmark.ServiceSettings("tiny", backend, "/data/models/tiny/tiny.pth", threads: 3);

        Assert.Equal("/data/models/tiny", settings["Models__Directory"]);
        Assert.Equal("/data/models/tiny/tiny.pth", settings["Models__Checkpoints__tiny"]);
        Assert.Equal("tiny", settings["Models__Preload__0"]);
        Assert.Equal(name, settings["Models__Backend"]);
        Assert.Equal("3", settings["Batching__IntraOpThreads"]);
        Assert.Equal(bool.FalseString, settings["Models__WatchForChanges"]);
    }

    [Fact]
    public void ChartHasAPanelForTimeAndOneForMemoryWithPyTorchBarsOnlyWhereItRan()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), Service(torchsharp: ServiceRounds), PyTorchRounds),
            StartupModelResult.Of("other", Checkpoint(1), Service(torchsharp: ServiceRounds), []));

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
    public void ChartHasASeriesPerBackendAndMeasureNamedAfterTheBackend()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds, torchsharp: ServiceRounds), PyTorchRounds),
            StartupModelResult.Of("other", Checkpoint(1), Service(torchsharp: ServiceRounds), []));

        var ready = StartupChart.ReadyPanel(report);
        var memory = StartupChart.MemoryPanel(report);

        Assert.Equal(["service/onnxruntime: ready", "service/onnxruntime: first prediction", "service/torchsharp: ready",
            "service/torchsharp: first prediction", "PyTorch eager: model loaded"], ready.Series.Select(s => s.Name));
        Assert.Equal(new Spread(1, 1, 2), ready.Series[0].Values[0]);
        Assert.Equal(new Spread(2, 1, 3), ready.Series[2].Values[0]);
        // "other" has no onnxruntime rounds: a gap, not another backend's figure.
        Assert.Null(ready.Series[0].Values[1]);
        Assert.Equal(new Spread(375, 300, 450), memory.Series[1].Values[0]);
        Assert.Equal(new Spread(500, 400, 600), memory.Series[3].Values[1]);
        Assert.StartsWith("service/torchsharp: after batch 8", memory.Series[3].Name, StringComparison.Ordinal);
    }

    [Fact]
    public void ChartWithoutPyTorchHasOnlyTheServiceSeries()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), Service(torchsharp: ServiceRounds), []));

        Assert.Equal(2, StartupChart.ReadyPanel(report).Series.Count);
        Assert.Equal(2, StartupChart.MemoryPanel(report).Series.Count);
    }

    [Fact]
    public void SvgIsWellFormedWithBothPanelsAndTheModelNames()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds, torchsharp: ServiceRounds), PyTorchRounds));

        var svg = XDocument.Parse(StartupChart.Render(report));

        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Equal(2, texts.Count(t => t == "tiny"));
        Assert.Contains(texts, t => t.StartsWith("peak RSS, MiB", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("PyTorch eager", StringComparison.Ordinal));
        Assert.Contains("service/onnxruntime: ready", texts);
        Assert.Contains("service/torchsharp: ready", texts);
    }

    [Fact]
    public void JsonGroupsTheServiceFiguresByBackendAndNamesThePyTorchFiguresInOneWord()
    {
        var report = Report(StartupModelResult.Of("tiny", Checkpoint(1), Service(onnxruntime: FasterRounds, torchsharp: ServiceRounds), PyTorchRounds));
        using var writer = new StringWriter();

        CliJson.Write(writer, report);

        using var json = JsonDocument.Parse(writer.ToString());
        Assert.Equal(["onnxruntime", "torchsharp"], json.RootElement.GetProperty("backends").EnumerateArray().Select(b => b.GetString()));
        var model = json.RootElement.GetProperty("models")[0];
        Assert.Equal(4.5, model.GetProperty("pytorch").GetProperty("readySeconds").GetProperty("median").GetDouble());
        Assert.Equal(2, model.GetProperty("pytorchRounds").GetArrayLength());
        var torchsharp = model.GetProperty("backends")[1];
        Assert.Equal("torchsharp", torchsharp.GetProperty("backend").GetString());
        Assert.Equal(2, torchsharp.GetProperty("service").GetProperty("readySeconds").GetProperty("median").GetDouble());
        Assert.Equal(3, torchsharp.GetProperty("serviceRounds").GetArrayLength());
        Assert.Equal(0.5, model.GetProperty("onnxruntimeOverTorchsharp").GetProperty("modelLoadSeconds").GetDouble(), precision: 9);
    }

    /// <summary>The rounds of each backend given, onnxruntime first, as the benchmark hands them over.</summary>
    private static List<KeyValuePair<string, IReadOnlyList<ServiceRound>>> Service(ServiceRound[]? onnxruntime = null, ServiceRound[]? torchsharp = null) =>
    [
        .. onnxruntime is null ? [] : new[] { KeyValuePair.Create(EngineBackendNames.OnnxRuntime, (IReadOnlyList<ServiceRound>)onnxruntime) },
        .. torchsharp is null ? [] : new[] { KeyValuePair.Create(EngineBackendNames.TorchSharp, (IReadOnlyList<ServiceRound>)torchsharp) },
    ];

    private static StartupBenchmarkReport Report(params StartupModelResult[] models) =>
        new("dotnet ResNeXt.Api.dll", [.. models.SelectMany(m => m.Backends.Select(b => b.Backend)).Distinct()], Rounds: 3, Concurrency: 8, Waves: 3, Threads: 2, TorchVersion: "1.13", DateTimeOffset.UnixEpoch,
            new MachineInfo("cpu", 2, "os", "runtime", "0 0 0"), "0 0 0", models);

    private string Checkpoint(int bytes)
    {
        var path = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.pth");
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }
}
