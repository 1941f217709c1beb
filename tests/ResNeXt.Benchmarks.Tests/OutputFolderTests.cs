namespace ResNeXt.Benchmarks.Tests;

/// <summary>A benchmark's --out naming a file is a usage error while parsing, not an IOException after the whole run.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-bench-out-");
    private readonly string _file;

    public OutputFolderTests()
    {
        _file = Path.Combine(_directory.FullName, "a-file");
        File.WriteAllBytes(_file, [1]);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("engine", "--checkpoint", "unused.pth")]
    [InlineData("preprocessing")]
    [InlineData("service")]
    [InlineData("startup")]
    public async Task OutNamingAFileIsAUsageError(string benchmark, params string[] required)
    {
        var run = await BenchmarkRunner.RunAsync([benchmark, .. required, "--out", _file]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--out '{_file}' is a file", run.Error);
    }
}
