using System.Text.Json;
using ResNeXt.Benchmarks.Engine;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Benchmarks.Tests;

/// <summary>
/// One short round of every contender on the tiny reference model: the benchmark's plumbing (both backends of our engine,
/// the baseline processes, the ONNX export, the report), never its timings.
/// </summary>
public sealed class EngineBenchCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-bench-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task EveryContenderRunsTheSameCheckpointAndTheReportPairsEachBackendWithItsBaselines()
    {
        var checkpoint = ReferenceData.Require("models", "tiny", "tiny.pth");

        var run = await BenchmarkRunner.RunAsync("engine", "--model", "tiny", "--checkpoint", checkpoint, "--batch", "1", "2",
            "--rounds", "1", "--warmup", "0", "--iterations", "1", "--compare-pytorch", "--compare-onnxruntime", "--out", _directory.FullName);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.json"), TestContext.Current.CancellationToken));
        var contenders = report.RootElement.GetProperty("contenders").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal([EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.TorchSharpBackend, EngineBenchmark.PyTorch, EngineBenchmark.OnnxRuntime], contenders);
        foreach (var contender in report.RootElement.GetProperty("contenders").EnumerateArray())
        {
            Assert.True(contender.GetProperty("loadSeconds").GetDouble() > 0);
            Assert.All(contender.GetProperty("batches").EnumerateArray(), b => Assert.True(b.GetProperty("imagesPerSecond").GetProperty("median").GetDouble() > 0));
        }
        var ratios = report.RootElement.GetProperty("ratios").EnumerateArray()
            .Select(r => (r.GetProperty("numerator").GetString(), r.GetProperty("denominator").GetString(), r.GetProperty("batchSize").GetInt32()));
        Assert.Equal(
        [
            (EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.OnnxRuntime, 1), (EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.OnnxRuntime, 2),
            (EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.PyTorch, 1), (EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.PyTorch, 2),
            (EngineBenchmark.TorchSharpBackend, EngineBenchmark.PyTorch, 1), (EngineBenchmark.TorchSharpBackend, EngineBenchmark.PyTorch, 2),
            (EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.TorchSharpBackend, 1), (EngineBenchmark.OnnxRuntimeBackend, EngineBenchmark.TorchSharpBackend, 2),
        ], ratios);
        Assert.Equal(Environment.ProcessorCount, report.RootElement.GetProperty("threads").GetInt32());
        var runtimes = report.RootElement.GetProperty("contenders").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("runtime").GetString());
        Assert.StartsWith("onnxruntime ", runtimes[EngineBenchmark.OnnxRuntimeBackend]);
        Assert.Equal(runtimes[EngineBenchmark.OnnxRuntimeBackend], runtimes[EngineBenchmark.OnnxRuntime]);
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.svg"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AMissingOnnxFileIsOneErrorLineNotACrash()
    {
        var missing = Path.Combine(_directory.FullName, "missing.onnx");

        var run = await BenchmarkRunner.RunAsync("engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", "--rounds", "1", "--warmup", "0", "--iterations", "1", "--onnx", missing, "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("missing.onnx does not exist", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task ABatchSizeNamedTwiceIsAUsageErrorNotACrash()
    {
        var run = await BenchmarkRunner.RunAsync("engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", "1", "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--batch names 1 more than once", run.Error);
    }

    /// <summary>Each of these ran until the report and died there (no rounds, no timed passes) or silently meant another value.</summary>
    [Theory]
    [InlineData("--rounds", "0", "--rounds must be at least 1.")]
    [InlineData("--iterations", "0", "--iterations must be at least 1.")]
    [InlineData("--threads", "0", "--threads must be at least 1.")]
    [InlineData("--warmup", "-1", "--warmup must not be negative.")]
    public async Task InvalidCountsAreUsageErrorsBeforeAnyWork(string option, string value, string message)
    {
        var run = await BenchmarkRunner.RunAsync("engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", option, value, "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task OneBackendAloneIsPairedOnlyWithTheBaselinesItRan()
    {
        var run = await BenchmarkRunner.RunAsync("engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--backends", "torchsharp", "--batch", "1", "--rounds", "1", "--warmup", "0", "--iterations", "1", "--threads", "1",
            "--allocator-ablation", "--out", _directory.FullName);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.json"), TestContext.Current.CancellationToken));
        var contenders = report.RootElement.GetProperty("contenders").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal([EngineBenchmark.TorchSharpBackend, EngineBenchmark.TorchSharpWithGlibcDefaults], contenders);
        var ratio = Assert.Single(report.RootElement.GetProperty("ratios").EnumerateArray());
        Assert.Equal(EngineBenchmark.TorchSharpWithGlibcDefaults, ratio.GetProperty("denominator").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("threads").GetInt32());
    }

    [Fact]
    public async Task MinRatioBelowTheMeasuredRatioFailsTheRun()
    {
        // No engine is a million times faster than PyTorch: the smoke check's failure path must fire.
        var run = await BenchmarkRunner.RunAsync("engine", "--model", "tiny", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", "--rounds", "1", "--warmup", "0", "--iterations", "1", "--compare-pytorch", "--min-ratio", "1000000", "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("--min-ratio", run.Error);
    }
}
