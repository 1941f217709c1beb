namespace ResNeXt.Cli.Tests;

/// <summary>Every option that names a folder refuses a file while parsing, before any work (and before touching the file).</summary>
public sealed class FolderOptionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-folder-");
    private readonly string _file;

    public FolderOptionTests()
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
}
