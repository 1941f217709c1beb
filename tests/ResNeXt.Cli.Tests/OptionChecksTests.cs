namespace ResNeXt.Cli.Tests;

/// <summary>
/// Values the parser reads but the commands cannot use, and values it cannot read on options that have a check: each a
/// usage error naming the option, before any work. Before, a value that did not parse crashed the process inside the
/// check (exit 134 and a stack trace), and NaN, Infinity or 1e308 passed "must be positive" and overflowed later.
/// </summary>
public sealed class OptionChecksTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-values-");
    private readonly string _image;

    public OptionChecksTests()
    {
        _image = Path.Combine(_directory.FullName, "image.png");
        File.WriteAllBytes(_image, [1]);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("predict --topk", "abc")]
    [InlineData("predict --topk", "1.5")]
    [InlineData("test --batch-size", "abc")]
    [InlineData("train --epochs", "x")]
    [InlineData("bench engine --rounds", "abc")]
    [InlineData("loadtest --duration", "soon")]
    [InlineData("loadtest --concurrency", "many")]
    public async Task AValueThatDoesNotParseIsAUsageErrorNotACrash(string option, string value)
    {
        var run = await CliRunner.RunAsync([.. Command(option), value]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"Cannot parse argument '{value}' for option '{option.Split(' ')[^1]}'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loadtest --duration", "Infinity", "--duration must be 0.001 to 86400 seconds, not Infinity.")]
    [InlineData("loadtest --duration", "1e308", "--duration must be 0.001 to 86400 seconds")]
    [InlineData("loadtest --timeout", "1e-320", "--timeout must be 0.001 to 86400 seconds")]
    [InlineData("loadtest --server-duration", "NaN", "--server-duration must be 0.001 to 86400 seconds, not NaN.")]
    [InlineData("loadtest --warmup", "-1", "--warmup must be 0 or 0.001 to 86400 seconds")]
    [InlineData("loadtest --p99-ms", "NaN", "--p99-ms must be more than 0")]
    [InlineData("loadtest --load-fraction", "NaN", "--load-fraction must be in (0, 1].")]
    [InlineData("train --lr", "NaN", "--lr must be a positive number float32 holds")]
    [InlineData("train --lr", "Infinity", "--lr must be a positive number float32 holds")]
    [InlineData("train --lr", "1e308", "--lr must be a positive number float32 holds")]
    [InlineData("bench engine --batch", "100000", "--batch 100000 is more than 14266, the most images one pass's input array can index.")]
    [InlineData("bench engine --threads", "100000", "--threads is at most 1024, not 100000.")]
    public async Task ANumberOutsideWhatTheCommandCanUseIsAUsageError(string option, string value, string message)
    {
        var run = await CliRunner.RunAsync([.. Command(option), value]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--checkpoint-dir")]
    [InlineData("train --work-dir")]
    [InlineData("test --out")]
    [InlineData("bench engine --out")]
    public async Task AnEmptyPathIsAUsageError(string option)
    {
        var run = await CliRunner.RunAsync([.. Command(option), ""]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{option.Split(' ')[^1]} needs a path, not an empty value.", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The command line up to the option's value, with whatever else the command requires.</summary>
    private string[] Command(string option) => option switch
    {
        "predict --topk" => ["predict", _image, "--topk"],
        "--checkpoint-dir" => ["predict", _image, "--checkpoint-dir"],
        "test --batch-size" => ["test", "--model", "tiny", "--data", _directory.FullName, "--batch-size"],
        "test --out" => ["test", "--model", "tiny", "--data", _directory.FullName, "--out"],
        "bench engine --rounds" => ["bench", "engine", "--rounds"],
        "bench engine --out" => ["bench", "engine", "--out"],
        "bench engine --batch" => ["bench", "engine", "--batch"],
        "bench engine --threads" => ["bench", "engine", "--threads"],
        _ when option.StartsWith("train ", StringComparison.Ordinal) => ["train", "--model", "tiny", "--data", _directory.FullName, option.Split(' ')[1]],
        _ when option.StartsWith("loadtest ", StringComparison.Ordinal) => ["loadtest", "--image", _image, option.Split(' ')[1]],
        _ => throw new ArgumentOutOfRangeException(nameof(option)),
    };
}
