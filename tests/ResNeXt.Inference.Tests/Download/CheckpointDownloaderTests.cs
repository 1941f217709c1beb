using System.Net;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests.Download;

public sealed class CheckpointDownloaderTests : IAsyncLifetime
{
    private const int CutAfterBytes = 100_000;
    private const int Seed = 20210429;

    private readonly LocalFileServer _server = new();
    private readonly HttpClient _httpClient = new();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-download-");
    private readonly FakeCheckpoint _checkpoint = FakeCheckpoint.Create(Seed);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string FinalPath => Path.Combine(_directory.FullName, _checkpoint.FileName);

    private string PartialPath => FinalPath + CheckpointDownloader.PartialSuffix;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _httpClient.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task DownloadsTheWholeFileUnderItsOfficialName()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);

        var result = await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.Equal(FinalPath, result.Path);
        Assert.False(result.AlreadyPresent);
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(FinalPath, Token));
        Assert.False(File.Exists(PartialPath));
    }

    [Fact]
    public async Task ResumesWithARangeRequestAfterTheServerDropsTheConnection()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        _server.Enqueue(new ResponsePlan(CutAfterBytes));

        await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.Equal([null, CutAfterBytes], _server.Requests.Select(r => r.RangeStart));
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(FinalPath, Token));
    }

    [Fact]
    public async Task StartsOverWhenTheServerIgnoresRange()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        _server.HonoursRange = false;
        _server.Enqueue(new ResponsePlan(CutAfterBytes));

        await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.Equal([null, CutAfterBytes], _server.Requests.Select(r => r.RangeStart));
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(FinalPath, Token));
    }

    [Fact]
    public async Task FinishesAPartialFileThatAlreadyHoldsEveryByte()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        await File.WriteAllBytesAsync(PartialPath, _checkpoint.Content, Token);

        await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.Equal([(long?)_checkpoint.Content.Length], _server.Requests.Select(r => r.RangeStart));
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(FinalPath, Token));
    }

    /// <summary>Was the whole transfer, then an unexpected IOException ("Is a directory") or UnauthorizedAccessException.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFolderWhereTheFileGoesFailsBeforeAnyTransfer(bool partial)
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        var folder = partial ? PartialPath : FinalPath;
        Directory.CreateDirectory(folder);

        var error = await Assert.ThrowsAsync<CheckpointDownloadException>(() =>
            Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token));

        Assert.Equal("download-failed", error.Code);
        Assert.Contains($"'{folder}' is a folder", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ChecksumMismatchDeletesThePartialFileAndSaysSo()
    {
        var misnamed = _checkpoint.Misnamed();
        var url = _server.Add(misnamed.FileName, misnamed.Content);

        var error = await Assert.ThrowsAsync<CheckpointDownloadException>(() =>
            Downloader().DownloadAsync(url, _directory.FullName, misnamed.Sha256Prefix, cancellationToken: Token));

        Assert.Equal("checksum-mismatch", error.Code);
        Assert.Contains(_checkpoint.Sha256Prefix, error.Message);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task MissingFileIsAClearErrorWithoutRetries()
    {
        var url = new Uri(_server.BaseUrl, _checkpoint.FileName);

        var error = await Assert.ThrowsAsync<CheckpointDownloadException>(() =>
            Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token));

        Assert.Equal("download-failed", error.Code);
        Assert.Contains("404", error.Message);
        Assert.Contains(url.ToString(), error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task GivesUpAfterAttemptsInARowThatAddNothing()
    {
        const int maxAttempts = 3;
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        _server.ForcedStatus = HttpStatusCode.ServiceUnavailable;

        var error = await Assert.ThrowsAsync<CheckpointDownloadException>(() =>
            Downloader(maxAttempts).DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token));

        Assert.Equal("download-failed", error.Code);
        Assert.Contains("503", error.Message);
        Assert.Equal(maxAttempts, _server.Requests.Count);
    }

    [Fact]
    public async Task CancellationLeavesAPartialFileTheNextCallResumes()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        _server.Enqueue(new ResponsePlan(CutAfterBytes, StallAfterCut: true));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new RecordingProgress(p =>
        {
            if (p.BytesReceived >= CutAfterBytes)
                cancellation.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, progress, cancellation.Token));
        Assert.Equal(CutAfterBytes, new FileInfo(PartialPath).Length);
        Assert.False(File.Exists(FinalPath));

        await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.Equal(CutAfterBytes, _server.Requests[^1].RangeStart);
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(FinalPath, Token));
    }

    [Fact]
    public async Task ProgressRisesToTheTotal()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        var progress = new RecordingProgress();

        await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, progress, Token);

        var received = progress.Reports.Select(p => p.BytesReceived).ToList();
        Assert.Equal(received.Order(), received);
        Assert.True(received.Distinct().Count() > 2, $"only {received.Distinct().Count()} distinct reports");
        Assert.All(progress.Reports, p => Assert.Equal(_checkpoint.Content.Length, p.TotalBytes));
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }

    [Fact]
    public async Task VerifiedFileAlreadyPresentIsNotDownloadedAgain()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        await File.WriteAllBytesAsync(FinalPath, _checkpoint.Content, Token);

        var result = await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.True(result.AlreadyPresent);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task CorruptFileAlreadyPresentIsReplaced()
    {
        var url = _server.Add(_checkpoint.FileName, _checkpoint.Content);
        await File.WriteAllBytesAsync(FinalPath, _checkpoint.Content.AsSpan(0, CutAfterBytes).ToArray(), Token);

        var result = await Downloader().DownloadAsync(url, _directory.FullName, _checkpoint.Sha256Prefix, cancellationToken: Token);

        Assert.False(result.AlreadyPresent);
        Assert.Equal(_checkpoint.Content, await File.ReadAllBytesAsync(FinalPath, Token));
    }

    [Fact]
    public async Task OfficialModelsComeFromTheConfiguredMirrorUnderTheirOfficialName()
    {
        var entry = ModelCatalog.Get(ModelCatalog.DefaultModel);
        const string mirrorFolder = "mirror";
        _server.Add($"{mirrorFolder}/{entry.CheckpointFileName}", _checkpoint.Content);
        var mirrorWithoutTrailingSlash = new Uri(_server.BaseUrl, mirrorFolder).ToString();

        // Random bytes cannot match the real checkpoint's sha256, which proves the official prefix is the one checked.
        var error = await Assert.ThrowsAsync<CheckpointDownloadException>(() =>
            Downloader(baseUrl: mirrorWithoutTrailingSlash).DownloadAsync(entry, _directory.FullName, cancellationToken: Token));

        Assert.Equal("checksum-mismatch", error.Code);
        Assert.Contains(entry.Sha256Prefix, error.Message);
        Assert.Equal($"{mirrorFolder}/{entry.CheckpointFileName}", Assert.Single(_server.Requests).Path);
    }

    private CheckpointDownloader Downloader(int maxAttempts = 4, string? baseUrl = null) =>
        new(_httpClient,
            Options.Create(new CheckpointDownloadOptions
            {
                BaseUrl = baseUrl,
                MaxAttempts = maxAttempts,
                InitialRetryDelay = TimeSpan.FromMilliseconds(10),
                ProgressInterval = TimeSpan.Zero,
            }),
            TimeProvider.System);
}
