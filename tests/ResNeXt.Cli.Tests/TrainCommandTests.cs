using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Serving;
using ResNeXt.Inference.Tests.Reference;
using ResNeXt.Inference.Tests.Training;
using ResNeXt.Inference.Training;

namespace ResNeXt.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private const int TrainPerClass = 4;
    private const int ValidationPerClass = 2;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-cli-train-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Data => Path.Combine(_directory.FullName, "data");

    private string Work => Path.Combine(_directory.FullName, "work");

    [Fact]
    public async Task FineTuningReplacesTheHeadAndResumeAddsTheNextEpoch()
    {
        ToyDataset.Write(Data, TrainPerClass, ValidationPerClass, seed: 3);
        string[] common = ["train", "--model", "tiny", "--data", Data, "--pretrained", ReferenceData.Require("models", "tiny", "tiny.pth"),
            "--batch-size", "8", "--lr", "0.01", "--work-dir", Work, "--json"];

        var first = await CliRunner.RunAsync([.. common, "--epochs", "1"]);
        var second = await CliRunner.RunAsync([.. common, "--epochs", "2", "--resume"]);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
        Assert.Contains("\"epoch\":1", first.Output, StringComparison.Ordinal);
        Assert.Contains("\"epoch\":2", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"epoch\":1", second.Output, StringComparison.Ordinal);
        Assert.Equal([1, 2], TrainingLog.Read(Path.Combine(Work, TrainingLog.FileName)).Select(r => r.Epoch));
        Assert.True(File.Exists(Path.Combine(Work, TrainingChart.FileName)));
        Assert.True(File.Exists(Path.Combine(Work, "epoch_2.optim")));
        using var trained = CheckpointLoader.Load(Trainer.CheckpointPath(Work, 2), verifyChecksum: false);
        Assert.Equal(ToyDataset.ClassCount, trained.Model.NumClasses);
        Assert.Equal(["blue", "green", "red", "yellow"], trained.Classes);
    }

    [Fact]
    public async Task FineTunedCheckpointIsEvaluatedByTestAndServedByTheEngine()
    {
        ToyDataset.Write(Data, TrainPerClass, ValidationPerClass, seed: 5);
        var results = Path.Combine(_directory.FullName, "results.json");
        var train = await CliRunner.RunAsync("train", "--model", "tiny", "--data", Data, "--pretrained",
            ReferenceData.Require("models", "tiny", "tiny.pth"), "--batch-size", "8", "--lr", "0.01", "--epochs", "1", "--work-dir", Work);
        var checkpoint = Trainer.CheckpointPath(Work, 1);

        var test = await CliRunner.RunAsync("test", "--checkpoint", checkpoint, "--data", Path.Combine(Data, "val"), "--out", results);

        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        Assert.True(test.ExitCode == ExitCodes.Success, test.Error);
        // resnext test and the trainer's own validation run the same network on the same images: same top-1, to the bit.
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken));
        var top1 = document.RootElement.GetProperty("metrics").GetProperty("accuracy/top1").GetDouble();
        Assert.Equal(TrainingLog.Read(Path.Combine(Work, TrainingLog.FileName)).Single().Top1, top1);

        // Dropped into a models folder, the trained file is served under its name with the classes it was trained on.
        var models = Directory.CreateDirectory(Path.Combine(_directory.FullName, "models")).FullName;
        File.Copy(checkpoint, Path.Combine(models, "toy.pth"));
        var image = Directory.EnumerateFiles(Path.Combine(Data, "val"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        await using var engine = InferenceHost.Create("toy", Path.Combine(models, "toy.pth"), "cpu", CommonOptions.DefaultBackend);
        var classifier = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IImageClassifier>(engine);
        var answer = await classifier.ClassifyAsync(
            new ClassificationRequest("toy", [await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken)]), TestContext.Current.CancellationToken);
        Assert.Equal("toy.pth", answer.Model.CheckpointFile);
        Assert.Contains(answer.Predictions[0].ClassName, (string[])["blue", "green", "red", "yellow"]);
    }

    [Fact]
    public async Task UnknownModelIsModelNotFound()
    {
        ToyDataset.Write(Data, 1, 1, seed: 4);

        var run = await CliRunner.RunAsync("train", "--model", "resnext9000", "--data", Data, "--work-dir", Work);

        Assert.Equal(ExitCodes.ModelNotFound, run.ExitCode);
    }

    [Fact]
    public async Task ZeroBatchSizeIsAUsageError()
    {
        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", _directory.FullName, "--batch-size", "0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
