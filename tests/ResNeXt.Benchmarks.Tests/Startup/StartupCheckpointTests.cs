using ResNeXt.Benchmarks.Startup;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Benchmarks.Tests.Startup;

public sealed class StartupCheckpointTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-startup-checkpoint-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void ReferenceLayoutWinsOverAFlatFile()
    {
        var nested = Touch("tiny", "tiny.pth");
        Touch("tiny.pth");

        Assert.Equal(nested, StartupCheckpoint.Resolve(_directory.FullName, "tiny"));
    }

    [Fact]
    public void FlatFileNamedAfterTheModel() =>
        Assert.Equal(Touch("tiny.pth"), StartupCheckpoint.Resolve(_directory.FullName, "tiny"));

    [Fact]
    public void CatalogueModelIsFoundUnderItsOfficialFileName()
    {
        var entry = ModelCatalog.Get(ModelCatalog.DefaultModel);

        Assert.Equal(Touch(entry.CheckpointFileName), StartupCheckpoint.Resolve(_directory.FullName, entry.Name));
    }

    [Fact]
    public void SafetensorsAloneIsNotEnoughBecausePyTorchLoadsTheSameFile()
    {
        Touch("tiny.safetensors");

        var error = Assert.Throws<CheckpointMissingException>(() => StartupCheckpoint.Resolve(_directory.FullName, "tiny"));

        Assert.Equal("tiny", error.ModelName);
        Assert.Contains(Path.Combine(_directory.FullName, "tiny.pth"), error.SearchedPaths);
    }

    private string Touch(params string[] relativePath)
    {
        var path = Path.Combine([_directory.FullName, .. relativePath]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }
}
