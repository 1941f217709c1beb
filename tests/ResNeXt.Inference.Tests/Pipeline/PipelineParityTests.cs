using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Tests.Pipeline;

/// <summary>
/// Encoded image bytes through the whole engine (decode, Pillow-exact preprocessing, batching, the checkpoint's model)
/// against mmpretrain's pipeline in PyTorch and Pillow (tests/reference/make_pipeline.py).
/// </summary>
public sealed class PipelineParityTests(PipelineEngine engine) : IClassFixture<PipelineEngine>
{
    private const double ScoresMaxAbsError = 1e-5;
    private const double FeatureRelativeL2Error = 1e-4;
    private const int TopK = 5;

    public static TheoryData<string, EngineBackend> Models =>
        [.. new[] { PipelineReference.Tiny, PipelineReference.CatalogueModel }.SelectMany(m => Enum.GetValues<EngineBackend>().Select(b => (m, b)))];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ScoresAndTopFiveMatchPyTorch(string model, EngineBackend backend)
    {
        var reference = PipelineReference.Load();
        var expected = reference.Rows(model, "softmax");

        var result = await engine.Classifier(backend).ClassifyAsync(
            new ClassificationRequest(model, [.. reference.AllImageBytes().Select(b => (ReadOnlyMemory<byte>)b)], TopK, IncludeAllScores: true),
            TestContext.Current.CancellationToken);

        Assert.Equal(expected.Length, result.Predictions.Count);
        var error = expected.Zip(result.Predictions, (e, p) => ArrayErrors.MaxAbs(e, p.AllScores!)).Max();
        TestContext.Current.TestOutputHelper?.WriteLine($"{model} {backend.ToName()}: softmax max|err| {error:E2} over {expected.Length} images");
        Assert.True(error <= ScoresMaxAbsError, $"softmax max abs error {error}");
        for (var i = 0; i < expected.Length; i++)
        {
            var prediction = result.Predictions[i];
            Assert.Equal(ArrayErrors.TopLabels(expected[i], TopK), prediction.TopK.Select(c => c.Label));
            Assert.Equal(prediction.TopK[0].Label, prediction.Label);
            Assert.Equal(expected[i][prediction.Label], prediction.Score, ScoresMaxAbsError);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task NeckFeaturesMatchPyTorch(string model, EngineBackend backend)
    {
        var reference = PipelineReference.Load();
        var expected = reference.Rows(model, "neck");

        var raw = await ExtractAsync(backend, reference, model, FeatureStage.Neck, normalize: false);
        var normalized = await ExtractAsync(backend, reference, model, FeatureStage.Neck, normalize: true);

        var rawError = expected.Zip(raw.Features, ArrayErrors.RelativeL2).Max();
        var normalizedError = expected.Select(ArrayErrors.L2Normalized).Zip(normalized.Features, ArrayErrors.RelativeL2).Max();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{model} {backend.ToName()}: neck rel L2 {rawError:E2}, normalised neck rel L2 {normalizedError:E2}");
        Assert.Equal(PipelineReference.ShapeOf(model, "neck"), raw.Shape);
        Assert.True(rawError <= FeatureRelativeL2Error, $"neck relative L2 error {rawError}");
        Assert.True(normalizedError <= FeatureRelativeL2Error, $"normalised neck relative L2 error {normalizedError}");
    }

    [Theory]
    [InlineData(EngineBackend.OnnxRuntime)]
    [InlineData(EngineBackend.TorchSharp)]
    public async Task TinyBackboneMapMatchesPyTorch(EngineBackend backend)
    {
        var reference = PipelineReference.Load();
        var expected = reference.Rows(PipelineReference.Tiny, "backbone");

        var result = await ExtractAsync(backend, reference, PipelineReference.Tiny, FeatureStage.Backbone, normalize: false);

        var error = expected.Zip(result.Features, ArrayErrors.RelativeL2).Max();
        TestContext.Current.TestOutputHelper?.WriteLine($"tiny {backend.ToName()}: backbone rel L2 {error:E2}");
        Assert.Equal(PipelineReference.ShapeOf(PipelineReference.Tiny, "backbone"), result.Shape);
        Assert.True(error <= FeatureRelativeL2Error, $"backbone relative L2 error {error}");
    }

    /// <summary>
    /// A request whose deadline passed before its turn to decode was decoded all the same (CPU spent on an answer already
    /// lost): here a body that is no image, with no time left, is answered as a timeout, never looked at.
    /// </summary>
    [Fact]
    public async Task ARequestOutOfTimeBeforeDecodingIsATimeoutNotDecoded()
    {
        var request = new ClassificationRequest(PipelineReference.Tiny, [new byte[] { 1, 2, 3 }], Timeout: TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<InferenceTimeoutException>(
            () => engine.Classifier(EngineBackend.OnnxRuntime).ClassifyAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("deadline-exceeded", error.Code);
    }

    private Task<FeatureResult> ExtractAsync(EngineBackend backend, PipelineReference reference, string model, FeatureStage stage, bool normalize) =>
        engine.Classifier(backend).ExtractFeaturesAsync(
            new FeatureRequest(model, [.. reference.AllImageBytes().Select(b => (ReadOnlyMemory<byte>)b)], stage, normalize),
            TestContext.Current.CancellationToken);
}
