using System.Text.Json;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Tests.Reference;
using ResNeXt.Inference.Training;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Tests.Training;

public sealed class TrainingStepTests
{
    private const double LossTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;

    [Fact]
    public void LossAndGradientsMatchPyTorchInTrainMode()
    {
        using var loaded = CheckpointLoader.Load(ReferenceData.Require("models", "tiny", "tiny.pth"));
        var inputs = NpyArray.Load(ReferenceData.Require("models", "tiny", "inputs.npy"));
        var labels = NpyArray.Load(ReferenceData.Require("training", "labels.npy")).AsInt64();
        var expectedLoss = NpyArray.Load(ReferenceData.Require("training", "loss.npy")).AsFloat32()[0];
        var keys = JsonSerializer.Deserialize<string[]>(File.ReadAllText(ReferenceData.Require("training", "grad_keys.json")))!;

        using var images = tensor(inputs.AsFloat32(), [.. inputs.Shape.Select(d => (long)d)]);
        using var target = tensor(labels);
        loaded.Model.train();
        var loss = TrainingStep.Backward(loaded.Model, images, target);

        Assert.Equal(expectedLoss, loss, Math.Abs(expectedLoss) * LossTolerance);
        var parameters = loaded.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var key in keys)
        {
            var expected = NpyArray.Load(ReferenceData.Require("training", $"grad_{key}.npy")).AsFloat32();
            using var actual = parameters[key].grad!.reshape(-1).cpu();
            var error = RelativeL2(actual.data<float>().ToArray(), expected);
            Assert.True(error < GradientTolerance, $"{key}: relative L2 error {error:E2}");
        }
    }

    private static double RelativeL2(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += Math.Pow(actual[i] - expected[i], 2);
            norm += Math.Pow(expected[i], 2);
        }
        return Math.Sqrt(difference / norm);
    }
}
