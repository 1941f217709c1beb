using System.Text.Json;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests;

/// <summary>
/// predict and features with checkpoints outside the catalogue, as <c>resnext train</c> writes them. Before, --checkpoint
/// alone was checked against the default catalogue model (exit 8, "holds a ResNeXt [1,1,1,1] ..., expected [3,4,6,3]"),
/// although the service serves the same file.
/// </summary>
public sealed class PredictAndFeaturesCheckpointTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-checkpoint-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static string Image => ReferenceData.Require("pipeline", "image07_224x224.jpg");

    /// <summary>A reduced-width checkpoint under the name a training run gives its epochs.</summary>
    private string TrainedCheckpoint()
    {
        var path = Path.Combine(_directory.FullName, "epoch_3.pth");
        File.Copy(ReferenceData.Require("models", "tiny", "tiny.pth"), path);
        return path;
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("features")]
    public async Task ACheckpointAloneIsServedUnderItsOwnNameWithItsOwnArchitecture(string command)
    {
        var run = await CliRunner.RunAsync(command, Image, "--checkpoint", TrainedCheckpoint(), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("epoch_3", json.RootElement.GetProperty("model").GetString());
        Assert.Equal("epoch_3.pth", json.RootElement.GetProperty("checkpoint").GetProperty("file").GetString());
    }

    [Fact]
    public async Task ModelTinyWithItsCheckpointIsServedUnderThatName()
    {
        var run = await CliRunner.RunAsync("predict", Image, "--model", "tiny", "--checkpoint", TrainedCheckpoint(), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("tiny", json.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task AModelNamedAfterAFileInTheCheckpointFolderIsThatFile()
    {
        TrainedCheckpoint();

        var run = await CliRunner.RunAsync("predict", Image, "--model", "epoch_3", "--dir", _directory.FullName, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
    }

    /// <summary>Was the catalogue's bare "Unknown model 'tiny'", though train accepts tiny.</summary>
    [Theory]
    [InlineData("predict")]
    [InlineData("test")]
    public async Task ModelTinyWithoutACheckpointSaysHowToUseOne(string command)
    {
        string[] args = command == "predict" ? [command, Image, "--model", "tiny", "--dir", _directory.FullName]
            : [command, "--model", "tiny", "--dir", _directory.FullName, "--data", ReferenceData.Require("evaluation", "folders")];

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.ModelNotFound, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: Unknown model 'tiny'.", line, StringComparison.Ordinal);
        Assert.Contains("is given with --checkpoint PATH", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeaturesHelpShowsTheDefaultStageAsItIsTyped()
    {
        var run = await CliRunner.RunAsync("features", "--help");

        Assert.Contains("[default: neck]", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cuda:0", true)]
    [InlineData("cuda:12", true)]
    [InlineData("cuda:x", false)]
    [InlineData("gpu", false)]
    public void DeviceTakesWhatModelsDeviceTakes(string device, bool accepted)
    {
        using var http = new HttpClient();
        var parsed = new ResNeXt.Cli.Commands.ResNeXtRootCommand(http, Inference.Registry.ModelCatalog.Get)
            .Parse(["predict", Image, "--device", device]);

        Assert.Equal(accepted, parsed.Errors.Count == 0);
    }
}
