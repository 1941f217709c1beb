using System.CommandLine;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Tests;

public sealed class BaseCommandTests
{
    [Fact]
    public async Task EngineErrorIsOneLineOnStandardErrorWithTheExitCodeOfItsClass()
    {
        var run = await CliRunner.RunAsync(new ThrowingCommand(new ModelNotFoundException("nope", ["a", "b"])), ThrowingCommand.Name);

        Assert.Equal(ExitCodes.ModelNotFound, run.ExitCode);
        Assert.StartsWith("error: Unknown model 'nope'", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task MissingCheckpointSaysHowToDownloadIt()
    {
        var folder = Path.Combine("some", "models");
        var searched = CheckpointLocator.Candidates(ModelCatalog.Get(ModelCatalog.DefaultModel), folder);
        var missing = new CheckpointMissingException(ModelCatalog.DefaultModel, searched);

        var run = await CliRunner.RunAsync(new ThrowingCommand(missing), ThrowingCommand.Name);

        Assert.Equal(ExitCodes.CheckpointMissing, run.ExitCode);
        Assert.EndsWith($"resnext download {ModelCatalog.DefaultModel} --dir {folder}", Assert.Single(run.ErrorLines).TrimEnd());
    }

    [Fact]
    public async Task UnexpectedErrorIsOneLineWithoutAStackTrace()
    {
        var run = await CliRunner.RunAsync(new ThrowingCommand(new InvalidOperationException("boom\nsecond line")), ThrowingCommand.Name);

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("boom second line", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task DiagnosticVerbosityAddsTheStackTrace()
    {
        var run = await CliRunner.RunAsync(new ThrowingCommand(new InvalidOperationException("boom")), ThrowingCommand.Name, "--verbosity", "diag");

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains($"{nameof(ThrowingCommand)}.ExecuteAsync(", run.Error);
    }

    [Theory]
    [InlineData("model-not-found", ExitCodes.ModelNotFound)]
    [InlineData("checkpoint-missing", ExitCodes.CheckpointMissing)]
    [InlineData("invalid-image", ExitCodes.InvalidImage)]
    [InlineData("image-too-large", ExitCodes.InvalidImage)]
    [InlineData("checksum-mismatch", ExitCodes.ChecksumMismatch)]
    [InlineData("download-failed", ExitCodes.NetworkFailed)]
    [InlineData("queue-full", ExitCodes.InferenceFailed)]
    public void EveryErrorClassHasItsOwnExitCode(string code, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.ForErrorCode(code));

    /// <summary>A renamed or corrupt checkpoint reached the user wrapped in "failed to load" and exited 8, not 6.</summary>
    [Fact]
    public async Task ALoadThatFailedOnAChecksumExitsWithTheChecksumsCode()
    {
        var mismatch = new ChecksumMismatchException("m-deadbeef.pth", "deadbeef", new string('0', 64));

        var run = await CliRunner.RunAsync(new ThrowingCommand(new ModelLoadFailedException(ModelCatalog.DefaultModel, mismatch.Message, mismatch)), ThrowingCommand.Name);

        Assert.Equal(ExitCodes.ChecksumMismatch, run.ExitCode);
        Assert.Contains("drop the -deadbeef from its name", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    private sealed class ThrowingCommand(Exception error) : BaseCommand(Name, "Fails on purpose.")
    {
        public new const string Name = "fail";

        protected override Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken) => throw error;
    }
}
