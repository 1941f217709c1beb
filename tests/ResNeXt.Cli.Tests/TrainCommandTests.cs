using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Registry;
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
        // The list was the catalogue's alone, without the tiny network train accepts.
        Assert.Contains($"Known models: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, tiny.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroBatchSizeIsAUsageError()
    {
        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", _directory.FullName, "--batch-size", "0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    /// <summary>Was "unexpected AggregateException" (exit 1) without the file's name.</summary>
    [Fact]
    public async Task ACorruptTrainingImageIsAnInvalidImageNamingItsFile()
    {
        ToyDataset.Write(Data, 1, 1, seed: 6);
        var image = Directory.EnumerateFiles(Path.Combine(Data, "train"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(image, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);

        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", Data, "--epochs", "1", "--work-dir", Work);

        Assert.Equal(ExitCodes.InvalidImage, run.ExitCode);
        Assert.Contains($"'{image}'", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Was a libtorch "Target 1 is out of bounds" with a native stack trace, after the work directory was made.</summary>
    [Fact]
    public async Task FewerClassesThanClassFoldersIsAnUnusableDatasetBeforeAnyWork()
    {
        ToyDataset.Write(Data, 1, 1, seed: 7);

        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", Data, "--num-classes", "1", "--work-dir", Work);

        Assert.Equal(ExitCodes.InvalidDataset, run.ExitCode);
        Assert.Contains($"{ToyDataset.ClassCount} class folders but the model is to have 1 classes", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Work));
    }

    /// <summary>Was accepted, and the checkpoint named its classes class_0..class_5, the folder names lost.</summary>
    [Fact]
    public async Task MoreClassesThanClassFoldersIsAnUnusableDatasetBeforeAnyWork()
    {
        ToyDataset.Write(Data, 1, 1, seed: 13);

        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", Data, "--num-classes", "6", "--epochs", "1", "--work-dir", Work);

        Assert.Equal(ExitCodes.InvalidDataset, run.ExitCode);
        Assert.Contains($"--num-classes 6 is more than the {ToyDataset.ClassCount} class folders", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Work));
    }

    [Fact]
    public async Task AnEmptyTrainingClassFolderIsAnUnusableDataset()
    {
        ToyDataset.Write(Data, 1, 1, seed: 10);
        var empty = Directory.CreateDirectory(Path.Combine(Data, "train", "zebra")).FullName;
        Directory.CreateDirectory(Path.Combine(Data, "val", "zebra"));
        File.Copy(Directory.EnumerateFiles(Path.Combine(Data, "val"), "*.png", SearchOption.AllDirectories).First(), Path.Combine(Data, "val", "zebra", "one.png"));

        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", Data, "--work-dir", Work);

        Assert.Equal(ExitCodes.InvalidDataset, run.ExitCode);
        Assert.Contains($"'{empty}' holds no images", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Weights without their optimizer state were silently trained over from epoch 1 (overwriting them); an empty
    /// optimizer file was "unexpected EndOfStreamException".
    /// </summary>
    [Fact]
    public async Task ResumeRefusesAnEpochWhoseOptimizerStateIsMissingOrTruncated()
    {
        ToyDataset.Write(Data, TrainPerClass, ValidationPerClass, seed: 8);
        string[] common = ["train", "--model", "tiny", "--data", Data, "--batch-size", "8", "--work-dir", Work];
        var first = await CliRunner.RunAsync([.. common, "--epochs", "1"]);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        var weights = Trainer.CheckpointPath(Work, 1);
        var optimizerState = Path.ChangeExtension(weights, ".optim");
        var before = await File.ReadAllBytesAsync(weights, TestContext.Current.CancellationToken);

        await File.WriteAllBytesAsync(optimizerState, [], TestContext.Current.CancellationToken);
        var truncated = await CliRunner.RunAsync([.. common, "--epochs", "2", "--resume"]);
        File.Delete(optimizerState);
        var missing = await CliRunner.RunAsync([.. common, "--epochs", "2", "--resume"]);

        Assert.Equal(ExitCodes.InferenceFailed, truncated.ExitCode);
        Assert.Contains("epoch_1.optim", truncated.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InferenceFailed, missing.ExitCode);
        Assert.Contains("has no epoch_1.optim", missing.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(weights, TestContext.Current.CancellationToken));
    }

    /// <summary>cuda:N, which Models:Device takes, was "Argument 'cuda:0' not recognized".</summary>
    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public async Task CudaWithoutCudaIsAUsageErrorBeforeAnyWork(string device)
    {
        Assert.SkipWhen(Inference.Engine.ComputeDevice.Parse(device).Unavailable(Inference.Engine.EngineBackend.TorchSharp) is null, "this process can use CUDA");
        ToyDataset.Write(Data, 1, 1, seed: 9);

        var run = await CliRunner.RunAsync("train", "--model", "tiny", "--data", Data, "--device", device, "--work-dir", Work);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"error: --device {device}: ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Work));
    }
}
