using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests.Download;

public sealed class CheckpointLocatorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-locator-");
    private readonly ModelCatalogEntry _entry = ModelCatalog.Get(ModelCatalog.DefaultModel);

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void SafetensorsNamedAfterTheModelWinsOverEveryOtherFile()
    {
        var official = Touch(_entry.CheckpointFileName);
        Touch(_entry.Name + CheckpointLocator.PyTorchExtension);
        var safetensors = Touch(_entry.Name + CheckpointLocator.SafetensorsExtension);

        Assert.Equal(safetensors, CheckpointLocator.Resolve(_entry, explicitPath: null, _directory.FullName));
        File.Delete(safetensors);
        File.Delete(Path.Combine(_directory.FullName, _entry.Name + CheckpointLocator.PyTorchExtension));
        Assert.Equal(official, CheckpointLocator.Find(_entry, _directory.FullName));
    }

    [Fact]
    public void ExplicitPathIsTakenAsGiven()
    {
        Touch(_entry.CheckpointFileName);
        var elsewhere = Touch("elsewhere.pth");

        Assert.Equal(elsewhere, CheckpointLocator.Resolve(_entry, elsewhere, _directory.FullName));
    }

    [Fact]
    public void NothingFoundListsEveryPlaceLookedAt()
    {
        var error = Assert.Throws<CheckpointMissingException>(() =>
            CheckpointLocator.Resolve(_entry, explicitPath: null, _directory.FullName));

        Assert.Equal("checkpoint-missing", error.Code);
        Assert.Equal(CheckpointLocator.Candidates(_entry, _directory.FullName), error.SearchedPaths);
        Assert.Contains(_entry.CheckpointFileName, error.Message);
    }

    [Fact]
    public void MissingExplicitPathIsNotReplacedByTheFolder()
    {
        Touch(_entry.CheckpointFileName);
        var missing = Path.Combine(_directory.FullName, "missing.pth");

        var error = Assert.Throws<CheckpointMissingException>(() => CheckpointLocator.Resolve(_entry, missing, _directory.FullName));

        Assert.Equal([missing], error.SearchedPaths);
    }

    private string Touch(string fileName)
    {
        var path = Path.Combine(_directory.FullName, fileName);
        File.WriteAllBytes(path, []);
        return path;
    }
}
