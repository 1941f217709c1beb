using System.CommandLine;
using System.Text.Json;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests;

/// <summary><c>--backend</c> on predict and features: parsing, and the two engines answering the same through the CLI.</summary>
public sealed class BackendOptionTests : IDisposable
{
    /// <summary>A catalogue-sized model (the tiny one is not in the catalogue, which predict needs), on four images.</summary>
    private const string Model = "resnext50-32x4d";

    private static readonly string[] ImageNames = ["image00_320x240.png", "image01_240x320.jpg", "image02_500x375.png", "image03_375x500.jpg"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-backend-");
    private readonly string _image;

    public BackendOptionTests()
    {
        _image = Path.Combine(_directory.FullName, "cat.png");
        File.WriteAllBytes(_image, []);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task PredictOnEitherBackendGivesTheSameTopFiveAndSaysWhichBackendAnswered()
    {
        var checkpoint = ReferenceData.Require("models", Model, Model + ".pth");
        string[] images = [.. ImageNames.Select(name => ReferenceData.Require("pipeline", name))];

        var torch = await PredictAsync(checkpoint, images, EngineBackendNames.TorchSharp);
        var onnx = await PredictAsync(checkpoint, images, EngineBackendNames.OnnxRuntime);

        Assert.Equal(EngineBackendNames.TorchSharp, torch.Backend);
        Assert.Equal(EngineBackendNames.OnnxRuntime, onnx.Backend);
        Assert.Equal(ImageNames.Length, torch.TopLabels.Count);
        Assert.Equal(torch.TopLabels, onnx.TopLabels);
        Assert.All(torch.TopLabels.Concat(onnx.TopLabels), labels => Assert.Equal(PredictCommand.DefaultTopK, labels.Length));
    }

    [Fact]
    public async Task FeaturesTableNamesTheBackendThatAnswered()
    {
        var checkpoint = ReferenceData.Require("models", Model, Model + ".pth");

        var run = await CliRunner.RunAsync("features", ReferenceData.Require("pipeline", ImageNames[0]), "--model", Model, "--checkpoint", checkpoint,
            "--backend", EngineBackendNames.TorchSharp);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"Backend: {EngineBackendNames.TorchSharp}", run.Output);
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("features")]
    public async Task UnknownBackendIsAUsageErrorThatListsTheBackends(string command)
    {
        var run = await CliRunner.RunAsync(command, _image, "--backend", "tensorrt");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'tensorrt' is not a backend: use onnxruntime or torchsharp.", run.Error);
    }

    [Theory]
    [InlineData("onnxruntime")]
    [InlineData("torchsharp")]
    public async Task CudaThisBuildCannotUseIsAUsageErrorNamingWhatIsMissing(string backend)
    {
        Assert.True(EngineBackendNames.TryParse(backend, out var parsed));
        var missing = ComputeDevice.Parse("cuda").Unavailable(parsed);
        Assert.SkipWhen(missing is null, "this process can use CUDA");
        var checkpoint = ReferenceData.Require("models", Model, Model + ".pth");

        var run = await CliRunner.RunAsync("predict", ReferenceData.Require("pipeline", ImageNames[0]), "--model", Model,
            "--checkpoint", checkpoint, "--device", "cuda", "--backend", backend);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains($"Models:Device is 'cuda' but the {backend} backend cannot use it: {missing}", run.Error);
        Assert.DoesNotContain("unexpected", run.Error);
    }

    /// <summary>The engine numbers images within its request of up to 8 ("Image 0: ..."); the user knows them by file.</summary>
    [Fact]
    public async Task ABadImageAmongSeveralIsNamedByItsFile()
    {
        var checkpoint = ReferenceData.Require("models", Model, Model + ".pth");
        var empty = Path.Combine(_directory.FullName, "empty.png");
        File.WriteAllBytes(empty, []);

        var run = await CliRunner.RunAsync("predict", ReferenceData.Require("pipeline", ImageNames[0]), empty, "--model", Model, "--checkpoint", checkpoint);

        Assert.Equal(ExitCodes.InvalidImage, run.ExitCode);
        Assert.Contains($"error: '{empty}': The image is empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BackendDefaultsToTheServicesDefault()
    {
        var checkpoint = Path.Combine(_directory.FullName, "mine.pth");
        File.WriteAllBytes(checkpoint, []);

        var predict = PredictCommand.Bind(Parse(new PredictCommand(), "predict", _image, "--checkpoint", checkpoint));
        var features = FeaturesCommand.Bind(Parse(new FeaturesCommand(), "features", _image, "--checkpoint", checkpoint, "--backend", "torchsharp"));

        Assert.Equal(EngineBackend.OnnxRuntime, predict.Backend);
        Assert.Equal(new Inference.Registry.RegistryOptions().Backend, predict.Backend);
        Assert.Equal(EngineBackend.TorchSharp, features.Backend);
    }

    private static async Task<Predicted> PredictAsync(string checkpoint, string[] images, string backend)
    {
        var run = await CliRunner.RunAsync(["predict", .. images, "--model", Model, "--checkpoint", checkpoint, "--backend", backend, "--json"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        return new Predicted(
            json.RootElement.GetProperty("backend").GetString()!,
            [.. json.RootElement.GetProperty("predictions").EnumerateArray()
                .Select(p => p.GetProperty("topk").EnumerateArray().Select(c => c.GetProperty("label").GetInt32()).ToArray())]);
    }

    private static ParseResult Parse(Command command, params string[] args) =>
        new RootCommand { Subcommands = { command } }.Parse(args);

    /// <summary>The backend that answered, and each image's top labels in argument order.</summary>
    private sealed record Predicted(string Backend, IReadOnlyList<int[]> TopLabels);
}
