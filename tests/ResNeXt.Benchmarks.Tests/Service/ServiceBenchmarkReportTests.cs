using System.Text.Json;
using System.Xml.Linq;
using ResNeXt.Benchmarks.Commands;
using ResNeXt.Benchmarks.Service;
using ResNeXt.Benchmarks.Startup;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Output;

namespace ResNeXt.Benchmarks.Tests.Service;

public sealed class ServiceBenchmarkReportTests
{
    /// <summary>
    /// Medians: one model 10, two models 9.5, raw ONNX Runtime 10.5, PyTorch + Pillow 6; every round's order differs, so
    /// only a median over rounds (not the first or last round, nor a mean) gives these.
    /// </summary>
    private static readonly ServiceBenchmarkRound[] Rounds =
    [
        new(1, OneModel: 12, TwoModels: 9.5, OnnxRuntime: 10.5, PyTorchPillow: 4, Errors: 0),
        new(2, OneModel: 10, TwoModels: 20, OnnxRuntime: 9, PyTorchPillow: 6, Errors: 0),
        new(3, OneModel: 4, TwoModels: 9, OnnxRuntime: 30, PyTorchPillow: 7, Errors: 0),
    ];

    private static readonly ServiceLatency Latency = new(Batch1LatencyMs: 200, OfflineMaxImagesPerSecond: 10, MaxRateMeetingBound: 5,
        LoadFraction: 0.7, Rate: 7, P50Ms: 300, P99Ms: 500, MeanBatchSize: 2.5, Errors: 0, Batch1PassMs: 80, ImageMs: 70,
        IdealFifoP99Ms: 400);

    [Fact]
    public void EachTargetIsTheRatioOfTheMediansOverTheRounds()
    {
        var report = Report(Rounds, Latency);

        Assert.Equal(new Spread(10, 4, 12), report.OneModel);
        Assert.Equal(new Spread(9.5, 9, 20), report.TwoModels);
        var targets = report.Targets.ToDictionary(t => t.Name);
        Assert.Equal(10 / 10.5, targets["service / raw ONNX Runtime"].Value!.Value, precision: 12);
        Assert.Equal(10 / 6.0, targets["service / PyTorch + Pillow"].Value!.Value, precision: 12);
        Assert.Equal(9.5 / 10, targets["two models / one model"].Value!.Value, precision: 12);
        Assert.Equal(500 / 200.0, targets["p99 at load fraction / batch-1 latency"].Value!.Value, precision: 12);
        Assert.Equal(0, targets["errors"].Value);
    }

    [Fact]
    public void TargetsAreIssue11sBoundsEachWithItsDirection()
    {
        var targets = Report(Rounds, Latency).Targets.ToDictionary(t => t.Name);

        // 0.952 >= 0.9, 1.667 >= 1.6, 0.95 >= 0.9, 0 errors, 2.5 <= 3: every target met by these figures.
        Assert.All(targets.Values, t => Assert.True(t.Met, t.Name));
        Assert.Equal((0.9, true), (targets["service / raw ONNX Runtime"].Target, targets["service / raw ONNX Runtime"].AtLeast));
        Assert.Equal((1.6, true), (targets["service / PyTorch + Pillow"].Target, targets["service / PyTorch + Pillow"].AtLeast));
        Assert.Equal((0.9, true), (targets["two models / one model"].Target, targets["two models / one model"].AtLeast));
        Assert.Equal((3.0, false), (targets["p99 at load fraction / batch-1 latency"].Target, targets["p99 at load fraction / batch-1 latency"].AtLeast));
        Assert.True(Report(Rounds, Latency).AllTargetsMet);
    }

    [Fact]
    public void AnErrorAnywhereOrATailBeyondThreeTimesBatchOneMissesItsTarget()
    {
        ServiceBenchmarkRound[] withError = [.. Rounds.Take(2), Rounds[2] with { Errors = 1 }];
        var slowTail = Latency with { P99Ms = 601 };

        var errors = Report(withError, Latency with { Errors = 2 }).Targets.Single(t => t.Name == "errors");
        var tail = Report(Rounds, slowTail).Targets.Single(t => t.Name == "p99 at load fraction / batch-1 latency");

        Assert.Equal(3, errors.Value);
        Assert.False(errors.Met);
        Assert.False(tail.Met);
        Assert.False(Report(Rounds, slowTail).AllTargetsMet);
    }

    [Fact]
    public void WhatWasNotMeasuredNeverMeetsItsTarget()
    {
        var noAnswer = Report(Rounds, Latency with { P99Ms = null }).Targets.Single(t => t.Name == "p99 at load fraction / batch-1 latency");
        var noScenario = Report(Rounds, latency: null).Targets.Single(t => t.Name == "p99 at load fraction / batch-1 latency");
        var noBaseline = Report([.. Rounds.Select(r => r with { OnnxRuntime = 0 })], Latency).Targets.Single(t => t.Name == "service / raw ONNX Runtime");

        Assert.All(new[] { noAnswer, noScenario, noBaseline }, t => Assert.Null(t.Value));
        Assert.All(new[] { noAnswer, noScenario, noBaseline }, t => Assert.False(t.Met));
    }

    [Fact]
    public void WhatTheMachineAllowsIsTheEngineOverPyTorchAndTheIdealQueuesMultiple()
    {
        var report = Report(Rounds, Latency);

        // Medians: raw ONNX Runtime 10.5 over PyTorch + Pillow 6; the ideal queue's 400 ms over a 200 ms batch-1 latency.
        Assert.Equal(10.5 / 6, report.EngineOverPyTorchPillow!.Value, precision: 12);
        Assert.Equal(2.0, report.IdealFifoLatencyMultiple!.Value, precision: 12);
        Assert.Null(Report(Rounds, Latency with { IdealFifoP99Ms = null }).IdealFifoLatencyMultiple);
        using var output = new StringWriter();
        ServiceBenchmarkText.Write(output, report);
        Assert.Contains(output.ToString().Split('\n'), l => l.Contains("raw ONNX Runtime / PyTorch + Pillow") && l.Contains("1.75"));
        Assert.Contains(output.ToString().Split('\n'), l => l.Contains("ideal FIFO p99 / batch-1 latency") && l.Contains("2.00"));
    }

    [Theory]
    [InlineData(8, new[] { 0.5, 2.0, 1.0 }, 8.0)]
    [InlineData(8, new[] { 0.5, 1.0 }, 10.6666666667)]
    [InlineData(1, new[] { 0.25 }, 4.0)]
    public void ABaselineRoundIsItsBatchOverTheMedianSecondsPerBatch(int batch, double[] seconds, double expected)
    {
        Assert.Equal(expected, ServiceBenchmark.ImagesPerSecond(batch, seconds), precision: 9);
    }

    [Fact]
    public void TheServiceRunsItsDefaultsWithTheSameCheckpointUnderTwoNamesAndOnlyTheGivenOverrides()
    {
        var settings = Settings(new Dictionary<string, string> { ["Batching__AllowSpinning"] = "false", ["Logging__LogLevel__Default"] = "Error" });

        var environment = ServiceBenchmark.ServiceEnvironment(settings);

        Assert.Equal("/data/models/resnext50-32x4d.pth", environment["Models__Checkpoints__resnext50-32x4d"]);
        Assert.Equal("/data/models/resnext50-32x4d.pth", environment["Models__Checkpoints__resnext50-32x4d-second"]);
        Assert.Equal(["resnext50-32x4d", "resnext50-32x4d-second"], [environment["Models__Preload__0"], environment["Models__Preload__1"]]);
        Assert.Equal("false", environment["Batching__AllowSpinning"]);
        Assert.Equal("Error", environment["Logging__LogLevel__Default"]);
        // The targets are about the defaults: nothing about threads, batching or the backend is set unless asked for.
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Batching__", StringComparison.Ordinal) && key != "Batching__AllowSpinning");
        Assert.DoesNotContain("Models__Backend", environment.Keys);
    }

    [Fact]
    public void SetEntriesAreKeyValuePairsTheLastOfAKeyWinning()
    {
        var parsed = ServiceBenchCommand.Settings(["A__B=1", "C=x=y", "A__B=2"]);

        Assert.Equal(new Dictionary<string, string> { ["A__B"] = "2", ["C"] = "x=y" }, parsed);
    }

    [Theory]
    [InlineData("--set", "NoEquals")]
    [InlineData("--set", "=value")]
    [InlineData("--rounds", "0")]
    [InlineData("--concurrency", "0")]
    [InlineData("--service-warmup", "-1")]
    [InlineData("--model", "resnet50")]
    public async Task BadOptionsAreUsageErrors(string option, string value)
    {
        var run = await BenchmarkRunner.RunAsync("service", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Error);
    }

    [Fact]
    public void TheConsoleSummarySaysWhichTargetsAreNotMet()
    {
        var report = Report(Rounds, Latency with { P99Ms = 900 });
        using var output = new StringWriter();

        ServiceBenchmarkText.Write(output, report);

        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.Contains("p99 at load fraction / batch-1 latency") && l.Contains("4.50") && l.Contains("NOT met"));
        Assert.Contains(lines, l => l.Contains("service / PyTorch + Pillow") && l.Contains("1.67") && l.TrimEnd().EndsWith(" met", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("service settings: defaults"));
    }

    [Fact]
    public void TheJsonCarriesTheRoundsTheMediansAndTheTargets()
    {
        using var writer = new StringWriter();
        CliJson.Write(writer, Report(Rounds, Latency));

        using var json = JsonDocument.Parse(writer.ToString());
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("rounds").GetArrayLength());
        Assert.Equal(10, root.GetProperty("oneModel").GetProperty("median").GetDouble());
        Assert.Equal(5, root.GetProperty("targets").GetArrayLength());
        Assert.True(root.GetProperty("allTargetsMet").GetBoolean());
    }

    [Fact]
    public void TheChartIsAnSvgWithAThroughputAndALatencyPanel()
    {
        var svg = XDocument.Parse(ServiceBenchmarkChart.Render(Report(Rounds, Latency))).ToString();

        Assert.Contains("raw ONNX Runtime, batch 8", svg);
        Assert.Contains("PyTorch + Pillow, batch 8", svg);
        Assert.Contains("two models at once", svg);
        Assert.Contains("p99 at 70% of the offline maximum", svg);
        Assert.DoesNotContain("p99 at", ServiceBenchmarkChart.Render(Report(Rounds, latency: null)));
    }

    private static ServiceBenchmarkReport Report(IReadOnlyList<ServiceBenchmarkRound> rounds, ServiceLatency? latency) => new(
        "resnext50-32x4d", "image02_500x375.png", "image/png", Concurrency: 8, Threads: 2, new Dictionary<string, string>(),
        "onnxruntime 1.32.0", "torch 1.13.0 + Pillow 9.4.0", DateTimeOffset.UnixEpoch, new MachineInfo("cpu", 2, "linux", ".NET", "0.00 0.00 0.00"),
        "0.00 0.00 0.00", rounds, latency);

    private static ServiceBenchmarkSettings Settings(IReadOnlyDictionary<string, string> overrides) => new(
        "resnext50-32x4d", "/data/models/resnext50-32x4d.pth", "/data/image.png", "/data/model.onnx", new ServiceCommand("dotnet", ["api.dll"]),
        new PythonScript("/usr/bin/python3", "bench_pillow_loop.py"), Rounds: 1, Concurrency: 8, TimeSpan.FromSeconds(1), TimeSpan.Zero,
        ServiceWarmup: TimeSpan.Zero, BaselineWarmup: 0, BaselineIterations: 1, Threads: 2, TimeSpan.FromSeconds(1), SearchSteps: 1, MinQueries: 1, TimeSpan.FromSeconds(1), overrides);
}
