using System.Diagnostics;
using System.Globalization;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Training;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Tests.Training;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private const int TrainPerClass = 8;
    private const int ValidationPerClass = 4;
    private const int Epochs = 4;
    private const int BatchSize = 8;
    private const double LearningRate = 0.05;
    private const double RequiredTop1 = 90;
    private const string Python = "/usr/bin/python3";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("resnext-train-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Data => Path.Combine(_directory.FullName, "data");

    private TrainingOptions Options(string workDirectory, int epochs = Epochs, bool resume = false) =>
        new(TrainingModels.TinyName, Data, Path.Combine(_directory.FullName, workDirectory), Epochs: epochs, BatchSize: BatchSize,
            LearningRate: LearningRate, Resume: resume, Seed: 1);

    [Fact]
    public void TinyResNeXtLearnsDistinctColoursToNinetyPercentValidationAccuracy()
    {
        ToyDataset.Write(Data, TrainPerClass, ValidationPerClass, seed: 7);
        var clock = Stopwatch.StartNew();

        var result = Trainer.Train(Options("work"), cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(
            $"{clock.Elapsed.TotalSeconds:0.0}s; " + string.Join("; ", result.Epochs.Select(e => $"epoch {e.Epoch} loss {e.Loss:0.###} top1 {e.Top1}")));
        Assert.True(result.Completed);
        Assert.True(result.Epochs.Max(e => e.Top1) >= RequiredTop1, $"best top-1 {result.Epochs.Max(e => e.Top1)}");
        Assert.True(result.Epochs[^1].Loss < result.Epochs[0].Loss);
        Assert.True(File.Exists(result.BestCheckpoint));
        Assert.Equal(Epochs, TrainingLog.Read(Path.Combine(_directory.FullName, "work", TrainingLog.FileName)).Count);
        Assert.Contains("<polyline", File.ReadAllText(Path.Combine(_directory.FullName, "work", TrainingChart.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void ResumingAfterAnEpochGivesTheSameWeightsAsTrainingStraightThrough()
    {
        ToyDataset.Write(Data, TrainPerClass / 2, ValidationPerClass / 2, seed: 8);
        var token = TestContext.Current.CancellationToken;

        var straight = Trainer.Train(Options("straight", epochs: 2), cancellationToken: token);
        Trainer.Train(Options("resumed", epochs: 1), cancellationToken: token);
        var resumed = Trainer.Train(Options("resumed", epochs: 2, resume: true), cancellationToken: token);

        Assert.Equal(straight.Epochs.Select(e => e.Loss), resumed.Epochs.Select(e => e.Loss));
        using var a = CheckpointReader.Read(straight.LastCheckpoint, verifyChecksum: false);
        using var b = CheckpointReader.Read(resumed.LastCheckpoint, verifyChecksum: false);
        Assert.All(a.StateDict, p => Assert.True(p.Value.eq(b.StateDict[p.Key]).all().item<bool>(), p.Key));
    }

    [Fact]
    public void TrainedCheckpointLoadsInPyTorchAndServesTheTrainedNetworksPredictions()
    {
        ToyDataset.Write(Data, TrainPerClass / 2, ValidationPerClass / 2, seed: 9);
        var result = Trainer.Train(Options("work", epochs: 1), cancellationToken: TestContext.Current.CancellationToken);
        var checkpoint = result.LastCheckpoint;

        using var images = randn(2, 3, 224, 224);
        using var reference = new Inference.Model.ResNeXt(TrainingModels.Tiny, ToyDataset.ClassCount);
        using var contents = CheckpointReader.Read(checkpoint, verifyChecksum: false);
        using (no_grad())
        {
            foreach (var (key, target) in reference.state_dict())
                target.copy_(contents.StateDict[key].reshape(target.shape));
        }
        reference.eval();
        using var expected = reference.call(images).softmax(-1);

        using var engine = ResNeXtEngine.Load(checkpoint, new ResNeXtEngineOptions(FoldBatchNorm: false, VerifyChecksum: false));
        var served = engine.Run(images.data<float>().ToArray(), 2, OutputKinds.Scores).Scores!.Value.ToArray();
        Assert.Equal(expected.data<float>().ToArray(), served);
        Assert.Equal(["blue", "green", "red", "yellow"], engine.Classes);

        if (!File.Exists(Python)) Assert.Skip("PyTorch reference interpreter not installed.");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "import sys, torch\nc = torch.load(sys.argv[1], map_location='cpu')\n" +
            "print(c['meta']['epoch'], len(c['state_dict']), c['state_dict']['head.fc.weight'].shape[0])\n");
        start.ArgumentList.Add(checkpoint);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"1 {reference.state_dict().Count} {ToyDataset.ClassCount}"), output);
    }
}
