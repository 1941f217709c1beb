using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Benchmarks.Tests.Startup;

public sealed class StartupBenchCommandTests : IDisposable
{
    private const string TinyModel = "tiny";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-bench-startup-");

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Built by the csproj's reference to the API project, in the configuration of this test assembly.</summary>
    private static string ApiAssembly =>
        typeof(StartupBenchCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ApiAssemblyPath").Value!;

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--concurrency", "0")]
    [InlineData("--waves", "0")]
    public async Task CountBelowOneIsAUsageError(string option, string value)
    {
        var run = await BenchmarkRunner.RunAsync("startup", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Error);
    }

    [Fact]
    public async Task MissingCheckpointFailsBeforeAnyServiceStarts()
    {
        // The service path does not exist: reaching it would be a different error.
        var run = await BenchmarkRunner.RunAsync("startup", "--model", TinyModel, "--checkpoint-dir", _directory.FullName,
            "--service", Path.Combine(_directory.FullName, "ResNeXt.Api.dll"), "--out", _directory.FullName);

        Assert.Equal(ExitCodes.CheckpointMissing, run.ExitCode);
        Assert.Contains(Path.Combine(_directory.FullName, "tiny.pth"), Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(Path.Combine(_directory.FullName, "startup.json")));
    }

    [Fact]
    public async Task ServiceThatExitsBeforeItIsReadyIsAnErrorWithItsExitCode()
    {
        await File.WriteAllBytesAsync(Path.Combine(_directory.FullName, "tiny.pth"), [], TestContext.Current.CancellationToken);

        var run = await BenchmarkRunner.RunAsync("startup", "--model", TinyModel, "--checkpoint-dir", _directory.FullName,
            "--service", "/bin/false", "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("exited with 1 before it was ready", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task ShortRunOfTheTinyModelMeasuresTheRealServiceAndPyTorch()
    {
        var models = Path.GetDirectoryName(ReferenceData.Require("models", TinyModel, "tiny.pth"))!;

        var run = await BenchmarkRunner.RunAsync("startup", "--model", TinyModel, "--checkpoint-dir", Path.GetDirectoryName(models)!,
            "--service", ApiAssembly, "--rounds", "1", "--waves", "1", "--concurrency", "2", "--compare-pytorch", "--out", _directory.FullName);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("round 1/1 tiny service: ready", run.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "startup.json"), TestContext.Current.CancellationToken));
        var model = Assert.Single(json.RootElement.GetProperty("models").EnumerateArray());
        var service = Assert.Single(model.GetProperty("serviceRounds").EnumerateArray());
        var ready = service.GetProperty("readySeconds").GetDouble();
        Assert.InRange(service.GetProperty("modelLoadSeconds").GetDouble(), double.Epsilon, ready);
        Assert.True(service.GetProperty("firstPredictionSeconds").GetDouble() >= ready);
        Assert.InRange(service.GetProperty("readyPeakRssBytes").GetInt64(), 1, service.GetProperty("steadyPeakRssBytes").GetInt64());
        Assert.InRange(service.GetProperty("steadyRssBytes").GetInt64(), 1, service.GetProperty("steadyPeakRssBytes").GetInt64());
        Assert.Equal(0, service.GetProperty("exitCode").GetInt32());
        var pytorch = Assert.Single(model.GetProperty("pytorchRounds").EnumerateArray());
        Assert.InRange(pytorch.GetProperty("loadSeconds").GetDouble(), double.Epsilon, pytorch.GetProperty("readySeconds").GetDouble());
        Assert.True(pytorch.GetProperty("peakRssBytes").GetInt64() > 0);
        Assert.Equal("svg", XDocument.Load(Path.Combine(_directory.FullName, "startup.svg")).Root!.Name.LocalName);
    }

    [Fact]
    public async Task CheckpointTheServiceCannotLoadEndsTheWaitWithTheServicesReason()
    {
        var tiny = Path.GetDirectoryName(ReferenceData.Require("models", TinyModel, "tiny_shape_mismatch.pth"))!;

        var run = await BenchmarkRunner.RunAsync("startup", "--model", "tiny_shape_mismatch", "--checkpoint-dir", tiny,
            "--service", ApiAssembly, "--rounds", "1", "--out", _directory.FullName);

        Assert.Equal(ExitCodes.InferenceFailed, run.ExitCode);
        Assert.StartsWith("error: Model 'tiny_shape_mismatch' failed to load: Checkpoint", Assert.Single(run.ErrorLines));
    }
}
