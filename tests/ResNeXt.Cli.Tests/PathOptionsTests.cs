namespace ResNeXt.Cli.Tests;

/// <summary>Every option that names a folder refuses a file, every output file a folder or a missing parent, while parsing, before any work (and before touching the file).</summary>
public sealed class PathOptionsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-folder-");
    private readonly string _file;

    public PathOptionsTests()
    {
        _file = Path.Combine(_directory.FullName, "a-file");
        File.WriteAllBytes(_file, [1]);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("--checkpoint-dir")]
    [InlineData("bench engine --out")]
    [InlineData("loadtest --out")]
    [InlineData("train --work-dir")]
    public async Task AFileWhereAFolderBelongsIsAUsageError(string option)
    {
        string[] args = option switch
        {
            "--checkpoint-dir" => ["predict", _file, "--checkpoint-dir", _file],
            "bench engine --out" => ["bench", "engine", "--out", _file],
            "loadtest --out" => ["loadtest", "--image", _file, "--out", _file],
            "train --work-dir" => ["train", "--model", "tiny", "--data", _directory.FullName, "--work-dir", _file],
            _ => throw new ArgumentOutOfRangeException(nameof(option)),
        };

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{option.Split(' ')[^1]} '{_file}' is a file", run.Error);
        Assert.Equal([1], await File.ReadAllBytesAsync(_file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TestResultsIntoAFolderAreAUsageErrorBeforeTheEvaluation()
    {
        var run = await CliRunner.RunAsync("test", "--model", "tiny", "--data", _directory.FullName, "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--out '{_directory.FullName}' is a folder; name the JSON file to write.", run.Error);
    }

    [Fact]
    public async Task TestResultsIntoAMissingFolderAreAUsageErrorBeforeTheEvaluation()
    {
        var results = Path.Combine(_directory.FullName, "no", "results.json");

        var run = await CliRunner.RunAsync("test", "--model", "tiny", "--data", _directory.FullName, "--out", results);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"the folder '{Path.GetDirectoryName(results)}' does not exist", run.Error);
    }

    /// <summary>A folder given as --checkpoint was "no checkpoint" with advice to download into it; as --image or --pretrained, "does not exist".</summary>
    [Theory]
    [InlineData("predict --checkpoint")]
    [InlineData("test --checkpoint")]
    [InlineData("train --pretrained")]
    [InlineData("loadtest --image")]
    public async Task AFolderWhereAFileBelongsIsAUsageErrorThatSaysSo(string option)
    {
        var folder = _directory.FullName;
        string[] args = option switch
        {
            "predict --checkpoint" => ["predict", _file, "--checkpoint", folder],
            "test --checkpoint" => ["test", "--data", folder, "--checkpoint", folder],
            "train --pretrained" => ["train", "--model", "tiny", "--data", folder, "--pretrained", folder],
            "loadtest --image" => ["loadtest", "--image", folder],
            _ => throw new ArgumentOutOfRangeException(nameof(option)),
        };

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{option.Split(' ')[^1]} '{folder}' is a folder; name a", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", run.Error, StringComparison.Ordinal);
    }
}
