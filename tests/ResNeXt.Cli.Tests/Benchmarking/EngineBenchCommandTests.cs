using System.Text.Json;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests.Benchmarking;

/// <summary>
/// <c>resnext bench engine</c> on the tiny reference model: the engine as configured, one short round per backend, and
/// what it writes; never its timings.
/// </summary>
public sealed class EngineBenchCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-bench-engine-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(EngineBackendNames.OnnxRuntime)]
    [InlineData(EngineBackendNames.TorchSharp)]
    public async Task EachBackendIsTimedAtEveryBatchSizeAndWrittenWhereAsked(string backend)
    {
        var run = await CliRunner.RunAsync("bench", "engine", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"), "--backend", backend,
            "--batch", "1", "2", "--rounds", "2", "--warmup", "0", "--iterations", "1", "--out", _directory.FullName);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"{backend} backend", run.Output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.json"), TestContext.Current.CancellationToken));
        Assert.Equal(backend, report.RootElement.GetProperty("backend").GetString());
        Assert.Equal("tiny", report.RootElement.GetProperty("model").GetString());
        Assert.Equal(Environment.ProcessorCount, report.RootElement.GetProperty("threads").GetInt32());
        Assert.Equal([1, 2], report.RootElement.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("batchSize").GetInt32()));
        Assert.All(report.RootElement.GetProperty("batches").EnumerateArray(), b => Assert.True(b.GetProperty("imagesPerSecond").GetProperty("median").GetDouble() > 0));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "engine.svg"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task JsonGoesToStdoutAndNothingIsWrittenWithoutOut()
    {
        var run = await CliRunner.RunAsync("bench", "engine", "--checkpoint", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch", "1", "--rounds", "1", "--warmup", "0", "--iterations", "1", "--threads", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal(EngineBackendNames.OnnxRuntime, report.RootElement.GetProperty("backend").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("threads").GetInt32());
    }

    [Theory]
    [InlineData("--backend", "pytorch")]
    [InlineData("--threads", "0")]
    [InlineData("--rounds", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--compare-pytorch", "")]
    [InlineData("--compare-onnxruntime", "")]
    public async Task OptionsOfTheRepositoryBenchmarksAreNotTheCliCommands(string option, string value)
    {
        string[] args = value.Length == 0 ? ["bench", "engine", option] : ["bench", "engine", option, value];

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task ABatchSizeNamedTwiceIsAUsageErrorNotACrash()
    {
        var run = await CliRunner.RunAsync("bench", "engine", "--batch", "4", "8", "4");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--batch names 4 more than once", run.Error);
    }

    [Theory]
    [InlineData("preprocessing")]
    [InlineData("startup")]
    public async Task TheComparisonsAreNotPartOfTheCli(string benchmark)
    {
        var run = await CliRunner.RunAsync("bench", benchmark);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
