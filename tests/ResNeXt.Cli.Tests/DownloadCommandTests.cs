using System.Text.Json;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Tests.Download;

namespace ResNeXt.Cli.Tests;

public sealed class DownloadCommandTests : IAsyncLifetime
{
    private const string FakeModelName = "fake-32x4d";

    private readonly LocalFileServer _server = new();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-download-");
    private readonly FakeCheckpoint _checkpoint = FakeCheckpoint.Create(seed: 20210506);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task DownloadsFromTheMirrorIntoTheCheckpointFolder()
    {
        _server.Add(_checkpoint.FileName, _checkpoint.Content);

        var run = await CliRunner.RunAsync(FindFakeModel, "download", FakeModelName, "--dir", _directory.FullName, "--base-url", _server.BaseUrl.ToString());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var saved = Path.Combine(_directory.FullName, _checkpoint.FileName);
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        Assert.Contains(saved, run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task JsonReportsWhereTheFileWent()
    {
        _server.Add(_checkpoint.FileName, _checkpoint.Content);

        var run = await CliRunner.RunAsync(FindFakeModel, "download", FakeModelName, "--dir", _directory.FullName, "--base-url", _server.BaseUrl.ToString(), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(Path.Combine(_directory.FullName, _checkpoint.FileName), json.RootElement.GetProperty("path").GetString());
        Assert.Equal(_checkpoint.Content.Length, json.RootElement.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task ChecksumMismatchExitsWithItsCodeAndLeavesNothingBehind()
    {
        // Random bytes under the official name cannot match the official sha256 prefix.
        var entry = ModelCatalog.Get(ModelCatalog.DefaultModel);
        _server.Add(entry.CheckpointFileName, _checkpoint.Content);

        var run = await CliRunner.RunAsync("download", entry.Name, "--dir", _directory.FullName, "--base-url", _server.BaseUrl.ToString());

        Assert.Equal(ExitCodes.ChecksumMismatch, run.ExitCode);
        Assert.Contains(entry.Sha256Prefix, Assert.Single(run.ErrorLines));
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task MissingFileOnTheMirrorExitsWithTheDownloadFailedCode()
    {
        var run = await CliRunner.RunAsync(FindFakeModel, "download", FakeModelName, "--dir", _directory.FullName, "--base-url", _server.BaseUrl.ToString());

        Assert.Equal(ExitCodes.NetworkFailed, run.ExitCode);
        Assert.Contains("404", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task UnknownModelExitsWithItsCodeAndOneLineNamingTheKnownOnes()
    {
        var run = await CliRunner.RunAsync("download", "resnet50", "--dir", _directory.FullName, "--base-url", _server.BaseUrl.ToString());

        Assert.Equal(ExitCodes.ModelNotFound, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("resnet50", line);
        Assert.All(ModelCatalog.Entries, entry => Assert.Contains(entry.Name, line));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task BaseUrlThatIsNotHttpIsAUsageError()
    {
        var run = await CliRunner.RunAsync("download", ModelCatalog.DefaultModel, "--base-url", "ftp://mirror.example/");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--base-url", run.Error);
    }

    [Fact]
    public async Task ACheckpointFolderThatIsAFileIsAUsageErrorBeforeAnyDownload()
    {
        _server.Add(_checkpoint.FileName, _checkpoint.Content);
        var file = Path.Combine(_directory.FullName, "not-a-folder");
        await File.WriteAllBytesAsync(file, [1], TestContext.Current.CancellationToken);

        var run = await CliRunner.RunAsync(FindFakeModel, "download", FakeModelName, "--dir", file, "--base-url", _server.BaseUrl.ToString());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is a file", run.Error);
        Assert.Equal([1], await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
    }

    /// <summary>A catalogue of one model whose official file is the fake checkpoint the local server holds.</summary>
    private ModelCatalogEntry FindFakeModel(string name)
    {
        var template = ModelCatalog.Get(ModelCatalog.DefaultModel);
        return name == FakeModelName
            ? template with { Name = FakeModelName, CheckpointFileName = _checkpoint.FileName }
            : throw new ModelNotFoundException(name, [FakeModelName]);
    }
}
