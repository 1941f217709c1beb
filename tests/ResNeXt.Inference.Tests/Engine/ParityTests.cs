using System.Diagnostics;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Tests.Model;
using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Inference.Tests.Engine;

/// <summary>
/// The engine, through the real checkpoint loader, against PyTorch's eval-mode outputs for the same checkpoint and
/// inputs (tests/reference/make_models.py).
/// </summary>
public sealed class ParityTests
{
    private const double LogitsMaxAbsError = 1e-3;
    private const double ScoresMaxAbsError = 1e-5;
    private const double FeatureRelativeL2Error = 1e-4;
    private const int TopK = 5;
    private const OutputKinds Everything = OutputKinds.Logits | OutputKinds.Scores | OutputKinds.Neck | OutputKinds.Backbone;

    public static TheoryData<string> CatalogueModels => [.. ModelCatalog.Entries.Select(e => e.Name)];

    public static TheoryData<string, EngineBackend> CatalogueModelsOnEveryBackend =>
        [.. ModelCatalog.Entries.SelectMany(e => Enum.GetValues<EngineBackend>().Select(b => (e.Name, b)))];

    [Theory]
    [InlineData(true, EngineBackend.TorchSharp)]
    [InlineData(false, EngineBackend.TorchSharp)]
    [InlineData(true, EngineBackend.OnnxRuntime)]
    public void TinyModelMatchesPyTorch(bool foldBatchNorm, EngineBackend backend) =>
        AssertParity(ReferenceModels.Tiny, new ResNeXtEngineOptions(FoldBatchNorm: foldBatchNorm, Backend: backend));

    [Theory]
    [MemberData(nameof(CatalogueModelsOnEveryBackend))]
    public void FullSizeModelMatchesPyTorchWithBatchNormFolded(string name, EngineBackend backend) =>
        AssertParity(name, new ResNeXtEngineOptions(ModelCatalog.Get(name), Backend: backend));

    private static void AssertParity(string model, ResNeXtEngineOptions options)
    {
        var inputs = NpyArray.Load(ReferenceModels.File(model, "inputs.npy"));
        var stopwatch = Stopwatch.StartNew();
        using var engine = EngineFactory.Load(ReferenceModels.Checkpoint(model), options);
        Assert.Equal(options.Backend, engine.Backend);
        var loadTime = stopwatch.Elapsed;
        stopwatch.Restart();
        var outputs = engine.Run(inputs.AsFloat32(), inputs.Shape[0], Everything);
        var runTime = stopwatch.Elapsed;

        var logits = Expected(model, "logits");
        var logitsError = MaxAbsError(logits, outputs.Logits!.Value.ToArray());
        var scoresError = MaxAbsError(Expected(model, "softmax"), outputs.Scores!.Value.ToArray());
        var neckError = RelativeL2Error(Expected(model, "neck"), outputs.Neck!.Value.ToArray());
        var backboneError = RelativeL2Error(Expected(model, "backbone"), outputs.Backbone!.Value.ToArray());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{model} {options.Backend.ToName()} fold={options.FoldBatchNorm}: logits max|err| {logitsError:E2}, softmax max|err| {scoresError:E2}, " +
            $"neck rel L2 {neckError:E2}, backbone rel L2 {backboneError:E2}; load {loadTime.TotalSeconds:F1}s, " +
            $"forward of {inputs.Shape[0]} {runTime.TotalSeconds:F2}s");

        Assert.True(logitsError <= LogitsMaxAbsError, $"logits max abs error {logitsError}");
        Assert.True(scoresError <= ScoresMaxAbsError, $"softmax max abs error {scoresError}");
        Assert.True(neckError <= FeatureRelativeL2Error, $"neck relative L2 error {neckError}");
        Assert.True(backboneError <= FeatureRelativeL2Error, $"backbone relative L2 error {backboneError}");
        for (var item = 0; item < outputs.BatchSize; item++)
        {
            var row = logits.AsMemory(item * outputs.NumClasses, outputs.NumClasses);
            Assert.Equal(Top(row), Top(outputs.LogitsOf(item)));
        }
    }

    private static float[] Expected(string model, string output) => NpyArray.Load(ReferenceModels.File(model, output + ".npy")).AsFloat32();

    private static int[] Top(ReadOnlyMemory<float> logits)
    {
        var values = logits.ToArray();
        return [.. Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).Take(TopK)];
    }

    private static double MaxAbsError(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }

    private static double RelativeL2Error(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var difference = Math.Sqrt(expected.Zip(actual, (e, a) => ((double)e - a) * ((double)e - a)).Sum());
        return difference / Math.Sqrt(expected.Sum(e => (double)e * e));
    }
}
