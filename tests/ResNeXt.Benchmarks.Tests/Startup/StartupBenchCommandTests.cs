using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using ResNeXt.Benchmarks.Commands;
using ResNeXt.Inference.Engine;
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

    [Theory]
    [InlineData("onnx")]
    [InlineData("torchsharp,pytorch")]
    public async Task UnknownBackendIsAUsageErrorListingTheValidNames(string value)
    {
        var run = await BenchmarkRunner.RunAsync("startup", "--backend", value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var bad = value.Split(',')[^1];
        Assert.Contains($"--backend: '{bad}' is not a backend: use onnxruntime or torchsharp.", run.Error);
    }

    [Fact]
    public async Task EmptyBackendListIsAUsageError()
    {
        var run = await BenchmarkRunner.RunAsync("startup", "--backend", ",");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--backend needs at least one name", run.Error);
    }

    [Theory]
    [InlineData(new[] { "startup" }, new[] { EngineBackend.OnnxRuntime, EngineBackend.TorchSharp })]
    [InlineData(new[] { "startup", "--backend", "torchsharp" }, new[] { EngineBackend.TorchSharp })]
    [InlineData(new[] { "startup", "--backend", "torchsharp,onnxruntime" }, new[] { EngineBackend.TorchSharp, EngineBackend.OnnxRuntime })]
    [InlineData(new[] { "startup", "--backend", "TorchSharp", "--backend", "onnxruntime", "--backend", "torchsharp" }, new[] { EngineBackend.TorchSharp, EngineBackend.OnnxRuntime })]
    [InlineData(new[] { "startup", "--backend", "onnxruntime", "torchsharp" }, new[] { EngineBackend.OnnxRuntime, EngineBackend.TorchSharp })]
    public void BackendsParseFromRepeatsAndCommaListsInOrderEachOnceAndDefaultToBoth(string[] args, EngineBackend[] expected)
    {
        var parse = new BenchmarksRootCommand().Parse(args);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue(StartupBenchCommand.Backends));
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
        Assert.Contains("round 1/1 tiny service/onnxruntime: ready", run.Output);
        Assert.Contains("round 1/1 tiny service/torchsharp: ready", run.Output);
        Assert.Contains("onnxruntime/torchsharp, ratio of the medians", run.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "startup.json"), TestContext.Current.CancellationToken));
        var model = Assert.Single(json.RootElement.GetProperty("models").EnumerateArray());
        var backends = model.GetProperty("backends").EnumerateArray().ToList();
        Assert.Equal(["onnxruntime", "torchsharp"], backends.Select(b => b.GetProperty("backend").GetString()));
        foreach (var backend in backends)
        {
            var service = Assert.Single(backend.GetProperty("serviceRounds").EnumerateArray());
            var ready = service.GetProperty("readySeconds").GetDouble();
            Assert.InRange(service.GetProperty("modelLoadSeconds").GetDouble(), double.Epsilon, ready);
            Assert.True(service.GetProperty("firstPredictionSeconds").GetDouble() >= ready);
            Assert.InRange(service.GetProperty("readyPeakRssBytes").GetInt64(), 1, service.GetProperty("steadyPeakRssBytes").GetInt64());
            Assert.InRange(service.GetProperty("steadyRssBytes").GetInt64(), 1, service.GetProperty("steadyPeakRssBytes").GetInt64());
            Assert.Equal(0, service.GetProperty("exitCode").GetInt32());
        }
        Assert.True(model.GetProperty("onnxruntimeOverTorchsharp").GetProperty("steadyRssMebibytes").GetDouble() > 0);
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
