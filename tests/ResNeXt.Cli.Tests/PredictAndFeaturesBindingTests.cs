using System.CommandLine;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Tests;

public sealed class PredictAndFeaturesBindingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-bind-");
    private readonly string _image;

    public PredictAndFeaturesBindingTests()
    {
        _image = Path.Combine(_directory.FullName, "cat.png");
        File.WriteAllBytes(_image, []);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void PredictFindsTheOfficialCheckpointInTheCheckpointFolder()
    {
        var entry = ModelCatalog.Get("resnext101-32x8d");
        var checkpoint = Path.Combine(_directory.FullName, entry.CheckpointFileName);
        File.WriteAllBytes(checkpoint, []);

        var request = PredictCommand.Bind(Parse(new PredictCommand(), "predict", _image, "--model", entry.Name, "--dir", _directory.FullName, "--topk", "3"));

        Assert.Equal(entry.Name, request.Model);
        Assert.Equal(checkpoint, request.CheckpointPath);
        Assert.Equal(3, request.TopK);
        Assert.Equal(_image, Assert.Single(request.Images).FullName);
    }

    [Fact]
    public void PredictWithoutACheckpointIsCheckpointMissing()
    {
        var error = Assert.Throws<CheckpointMissingException>(() =>
            PredictCommand.Bind(Parse(new PredictCommand(), "predict", _image, "--dir", _directory.FullName)));

        Assert.Equal(ModelCatalog.DefaultModel, error.ModelName);
        Assert.Equal(ExitCodes.CheckpointMissing, ExitCodes.ForErrorCode(error.Code));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void TopKOutsideTheClassCountIsAUsageError(string topK) =>
        Assert.NotEmpty(Parse(new PredictCommand(), "predict", _image, "--topk", topK).Errors);

    [Fact]
    public void MissingImageIsAUsageError() =>
        Assert.NotEmpty(Parse(new PredictCommand(), "predict", Path.Combine(_directory.FullName, "missing.png")).Errors);

    [Fact]
    public void AFolderInsteadOfImagesIsAUsageErrorThatSaysSo()
    {
        var errors = Parse(new FeaturesCommand(), "features", _image, _directory.FullName).Errors;

        Assert.Contains("is a folder", Assert.Single(errors).Message);
    }

    [Theory]
    [InlineData("neck", FeatureStage.Neck)]
    [InlineData("backbone", FeatureStage.Backbone)]
    [InlineData("pre_logits", FeatureStage.PreLogits)]
    public void FeaturesTakesMmpretrainStageNames(string name, FeatureStage stage)
    {
        var checkpoint = Path.Combine(_directory.FullName, "mine.safetensors");
        File.WriteAllBytes(checkpoint, []);

        var request = FeaturesCommand.Bind(Parse(new FeaturesCommand(), "features", _image, _image, "--stage", name, "--checkpoint", checkpoint, "--normalize"));

        Assert.Equal(stage, request.Stage);
        Assert.True(request.Normalize);
        Assert.Equal(checkpoint, request.CheckpointPath);
        Assert.Equal(2, request.Images.Count);
    }

    [Fact]
    public void UnknownStageIsAUsageError() =>
        Assert.NotEmpty(Parse(new FeaturesCommand(), "features", _image, "--stage", "logits").Errors);

    private static ParseResult Parse(Command command, params string[] args) =>
        new RootCommand { Subcommands = { command } }.Parse(args);
}
