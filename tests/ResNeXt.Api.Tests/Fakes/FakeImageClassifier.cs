using ResNeXt.Inference;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Tests.Fakes;

/// <summary>
/// A deterministic engine: image i is "classified" as label (byte length % 1000), so tests can tell images apart and
/// check their order. It records the last requests, and throws <see cref="Failure"/> when one is set.
/// </summary>
public sealed class FakeImageClassifier : IImageClassifier
{
    public const int FeatureDim = 2048;
    public const int BackboneSide = 7;
    public const int ClassCount = 1000;

    public Exception? Failure { get; set; }

    public bool WaitForCancellation { get; set; }

    public bool RandomWeights { get; set; }

    public ClassificationRequest? LastClassification { get; private set; }

    public FeatureRequest? LastFeatures { get; private set; }

    public static int LabelOf(int byteLength) => byteLength % ClassCount;

    public async Task<ClassificationResult> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken)
    {
        LastClassification = request;
        await Behave(cancellationToken);
        var predictions = request.Images.Select(image => Predict(image.Length, request.TopK, request.IncludeAllScores)).ToList();
        return new ClassificationResult(Identity(request.Model), EngineBackend.OnnxRuntime, predictions);
    }

    public async Task<FeatureResult> ExtractFeaturesAsync(FeatureRequest request, CancellationToken cancellationToken)
    {
        LastFeatures = request;
        await Behave(cancellationToken);
        int[] shape = request.Stage == FeatureStage.Backbone ? [FeatureDim, BackboneSide, BackboneSide] : [FeatureDim];
        var length = shape.Aggregate(1, (a, b) => a * b);
        var features = request.Images.Select(image => Enumerable.Repeat((float)image.Length, length).ToArray()).ToList();
        return new FeatureResult(Identity(request.Model), EngineBackend.OnnxRuntime, request.Stage, shape, features);
    }

    private async Task Behave(CancellationToken cancellationToken)
    {
        if (Failure is { } failure) throw failure;
        if (WaitForCancellation) await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private ModelIdentity Identity(string model)
    {
        if (!ModelCatalog.TryGet(model, out var entry)) throw new ModelNotFoundException(model, ModelCatalog.Entries.Select(e => e.Name));
        return RandomWeights
            ? new ModelIdentity(model, null, null, "Serving random weights: predictions are meaningless.")
            : new ModelIdentity(model, entry.CheckpointFileName, new string('a', 64), null);
    }

    private static ImagePrediction Predict(int byteLength, int topK, bool includeAll)
    {
        var label = LabelOf(byteLength);
        var topLabels = Enumerable.Range(0, topK).Select(rank => (label + rank) % ClassCount).ToList();
        var scores = topLabels.Select((_, rank) => 1f / (rank + 2)).ToList();
        var top = topLabels.Select((l, rank) => new ScoredClass(l, ImageNetCategories.All[l], scores[rank])).ToList();
        var all = includeAll ? Enumerable.Range(0, ClassCount).Select(l => l == label ? scores[0] : 0f).ToArray() : null;
        return new ImagePrediction(label, scores[0], ImageNetCategories.All[label], top, all);
    }
}
