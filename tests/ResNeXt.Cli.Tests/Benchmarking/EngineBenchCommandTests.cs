using System.Text.Json;
using ResNeXt.Cli.Benchmarking.Engine;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests.Benchmarking;

/// <summary>
/// One short round of every contender on the tiny reference model: the benchmark's plumbing (baseline processes, the
/// ONNX export, the report), never its timings.
/// </summary>
public sealed class EngineBenchCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-bench-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task EveryContenderRunsTheSameCheckpointAndTheReportPairsTheEngineWithEachBaseline()
    {
        var checkpoint = ReferenceData.Require("models", "tiny", "tiny.pth");

        var run = await CliRunner.RunAsync("bench", "engine", "--model", "tiny", "--checkpoint", checkpoint, "--batch", "1", "2",
            "--rounds", "1", "--warmup", "0", "--iterations", "1", "--compare-pytorch", "--compare-onnxruntime", "--out", _directory.FullName);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.json"), TestContext.Current.CancellationToken));
        var contenders = report.RootElement.GetProperty("contenders").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal([EngineBenchmark.Engine, EngineBenchmark.PyTorch, EngineBenchmark.OnnxRuntime], contenders);
        foreach (var contender in report.RootElement.GetProperty("contenders").EnumerateArray())
        {
            Assert.True(contender.GetProperty("loadSeconds").GetDouble() > 0);
            Assert.All(contender.GetProperty("batches").EnumerateArray(), b => Assert.True(b.GetProperty("imagesPerSecond").GetProperty("median").GetDouble() > 0));
        }
        var ratios = report.RootElement.GetProperty("ratios").EnumerateArray().Select(r => (r.GetProperty("denominator").GetString(), r.GetProperty("batchSize").GetInt32()));
        Assert.Equal([(EngineBenchmark.PyTorch, 1), (EngineBenchmark.PyTorch, 2), (EngineBenchmark.OnnxRuntime, 1), (EngineBenchmark.OnnxRuntime, 2)], ratios);
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.svg"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AMissingOnnxFileIsOneErrorLineNotACrash()
    {
        var missing = Path.Combine(_directory.FullName, "missing.onnx");

        var run = await CliRunner.RunAsync("bench", "engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", "--rounds", "1", "--warmup", "0", "--iterations", "1", "--onnx", missing, "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("missing.onnx does not exist", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task MinRatioBelowTheMeasuredRatioFailsTheRun()
    {
        // No engine is a million times faster than PyTorch: the smoke check's failure path must fire.
        var run = await CliRunner.RunAsync("bench", "engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", "--rounds", "1", "--warmup", "0", "--iterations", "1", "--compare-pytorch", "--min-ratio", "1000000", "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("--min-ratio", run.Error);
    }
}
