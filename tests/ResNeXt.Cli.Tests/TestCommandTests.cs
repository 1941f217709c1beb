using System.Text.Json;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Cli.Tests;

public sealed class TestCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task TestWritesMmpretrainsAccuracyForANonCatalogueCheckpoint()
    {
        var checkpoint = ReferenceData.Require("evaluation", "tiny.pth");
        var data = ReferenceData.Require("evaluation", "imagenet");
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(ReferenceData.Require("evaluation", "expected.json"), TestContext.Current.CancellationToken));
        var results = Path.Combine(_directory.FullName, "results.json");

        var run = await CliRunner.RunAsync("test", "--checkpoint", checkpoint, "--data", data, "--batch-size", "5", "--out", results);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("accuracy/top1", run.Output);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken));
        var metrics = written.RootElement.GetProperty("metrics");
        Assert.Equal(expected.RootElement.GetProperty("accuracy/top1").GetDouble(), metrics.GetProperty("accuracy/top1").GetDouble());
        Assert.Equal(expected.RootElement.GetProperty("accuracy/top5").GetDouble(), metrics.GetProperty("accuracy/top5").GetDouble());
        Assert.True(written.RootElement.GetProperty("completed").GetBoolean());
        Assert.Equal(10, written.RootElement.GetProperty("perClass").GetArrayLength());
    }

    [Fact]
    public async Task CatalogueModelThatDoesNotMatchTheCheckpointIsRejected()
    {
        var run = await CliRunner.RunAsync("test", "--model", "resnext50-32x4d", "--checkpoint", ReferenceData.Require("evaluation", "tiny.pth"),
            "--data", ReferenceData.Require("evaluation", "folders"));

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("resnext", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The help said the image paths were relative to --data; DatasetReader (mmpretrain's data_prefix) uses --data/val.</summary>
    [Fact]
    public async Task AnnotationHelpSaysImagePathsAreRelativeToTheValFolder()
    {
        var run = await CliRunner.RunAsync("test", "--help");

        Assert.Contains("relative to --data/val when that folder exists", run.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyDatasetIsInvalidDataset()
    {
        var run = await CliRunner.RunAsync("test", "--checkpoint", ReferenceData.Require("evaluation", "tiny.pth"), "--data", _directory.FullName);

        Assert.Equal(ExitCodes.InvalidDataset, run.ExitCode);
    }
}
