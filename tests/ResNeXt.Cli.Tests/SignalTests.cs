using System.Diagnostics;
using System.Text.Json;
using ResNeXt.Inference.Tests.Reference;
using ResNeXt.Inference.Tests.Training;
using ResNeXt.Inference.Training;

namespace ResNeXt.Cli.Tests;

/// <summary>
/// Ctrl-C and SIGTERM on the real executable. Before, a signal during <c>test</c> or <c>train</c> killed the process
/// outright (System.CommandLine registered its handlers only after the synchronous work had returned): no partial
/// results, no --out file, no "Cancelled" line.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-signal-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Data => Path.Combine(_directory.FullName, "data");

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task TestStopsWithThePartialResultsItWasAskedFor(string signal)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals and named pipes");
        var checkpoint = ReferenceData.Require("evaluation", "tiny.pth");
        ToyDataset.Write(Data, 1, 2, seed: 11);
        var validation = Path.Combine(Data, "val");
        var realImages = Directory.GetFiles(validation, "*.png", SearchOption.AllDirectories).Length;
        // The last image is a named pipe: reading it blocks until the test writes, so the run is certainly in progress
        // (every other image read, most scored) when the signal comes, however fast or slow this machine is.
        var pipe = Path.Combine(Directory.CreateDirectory(Path.Combine(validation, "zz-last")).FullName, "pipe.png");
        MakeFifo(pipe);
        var results = Path.Combine(_directory.FullName, "partial.json");

        using var cli = CliProcess.Start("test", "--checkpoint", checkpoint, "--data", validation, "--batch-size", "1", "--out", results);
        var writer = Task.Run(() => new FileStream(pipe, FileMode.Open, FileAccess.Write), TestContext.Current.CancellationToken);
        if (await Task.WhenAny(writer, cli.Exited, Task.Delay(Patience, TestContext.Current.CancellationToken)) != writer)
        {
            // Opening the pipe for reading releases the writer's open, which waits for a reader.
            await using (new FileStream(pipe, FileMode.Open, FileAccess.Read)) await writer;
            Assert.Fail($"resnext never read the last image: {(await cli.WaitForExitAsync(Patience)).Error}");
        }
        cli.Signal(signal);
        // The producer stays blocked on the pipe until it closes; by then the scoring loop has seen the cancellation.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await (await writer).DisposeAsync();
        var run = await cli.WaitForExitAsync(Patience);

        Assert.True(run.ExitCode == ExitCodes.Cancelled, $"exit {run.ExitCode}: {run.Error}");
        // The pipe was never scored; the images read ahead of the scoring loop (a batch or two) may not have been either.
        Assert.Matches($@"Cancelled: results cover \d+ of {realImages + 1} images\.", run.Error);
        Assert.Contains("accuracy/top1", run.Output, StringComparison.Ordinal);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken));
        Assert.False(written.RootElement.GetProperty("completed").GetBoolean());
    }

    [Fact]
    public async Task TrainStopsAfterTheEpochsItFinishedAndSaysHowToResume()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        ToyDataset.Write(Data, 4, 1, seed: 12);
        var work = Path.Combine(_directory.FullName, "work");

        using var cli = CliProcess.Start("train", "--model", "tiny", "--data", Data, "--batch-size", "8", "--epochs", "100000",
            "--work-dir", work, "--json");
        Assert.True(cli.WaitForOutput("\"epoch\":1", Patience), "no first epoch");
        cli.Signal("INT");
        var run = await cli.WaitForExitAsync(Patience);

        Assert.True(run.ExitCode == ExitCodes.Cancelled, $"exit {run.ExitCode}: {run.Error}");
        Assert.Matches(@"Cancelled after \d+ epochs; resume with --resume\.", run.Error);
        Assert.True(File.Exists(Trainer.CheckpointPath(work, 1)));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
