using System.Buffers;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Serving;

/// <summary>
/// Preprocesses on the caller's threads (in parallel for multi-image requests), hands the tensors to the model's
/// batching worker through the registry, and shapes the answers like mmpretrain's <c>DataSample</c>. Tensor requests
/// take the same path, so their images share batches with classification and feature requests for the same model.
/// </summary>
public sealed class ImageClassifier(ModelRegistry registry, ImagePreprocessor preprocessor, DecodeGate decodeGate,
    IOptions<BatchingOptions> batching, TimeProvider time) : IImageClassifier, ITensorClassifier
{
    private readonly TimeSpan _defaultTimeout = batching.Value.DefaultTimeout;

    public async Task<ClassificationResult> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.TopK);
        var (model, outputs) = await RunAsync(request.Model, request.Images, OutputKinds.Scores, request.Timeout, cancellationToken);
        return new ClassificationResult(model.Identity, model.Queue.Backend,
            [.. outputs.Select(o => Predictions.FromScores(o.Scores!, model.Classes, request.TopK, request.IncludeAllScores))]);
    }

    public async Task<FeatureResult> ExtractFeaturesAsync(FeatureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kinds = request.Stage == FeatureStage.Backbone ? OutputKinds.Backbone : OutputKinds.Neck;
        var (model, outputs) = await RunAsync(request.Model, request.Images, kinds, request.Timeout, cancellationToken);
        var features = outputs.Select(o => request.Stage == FeatureStage.Backbone ? o.Backbone! : o.Neck!).ToList();
        if (request.Normalize) features.ForEach(L2Normalize);
        return new FeatureResult(model.Identity, model.Queue.Backend, request.Stage, FeatureShape(request.Stage, features, model.FeatureDim), features);
    }

    public async Task<TensorResult> InferAsync(TensorRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.EncodedImages is null) == (request.Tensors is null))
        {
            throw new ArgumentException("A tensor request carries either encoded images or preprocessed tensors.", nameof(request));
        }
        // A version that is already known not to be served fails before any decoding; the check after the run covers
        // a reload that happened meanwhile, so the answer always comes from the version asked for.
        if (request.Version is { } asked && registry.Get(request.Model).Sha256 is { } loaded && ModelVersions.Of(loaded) != asked)
        {
            throw new ModelVersionNotFoundException(request.Model, asked, ModelVersions.Of(loaded));
        }

        var (model, outputs) = request.EncodedImages is { } images
            ? await RunAsync(request.Model, images, request.Outputs, request.Timeout, cancellationToken)
            : await RunPreprocessedAsync(request.Model, request.Tensors!, request.Outputs, request.Timeout, cancellationToken);
        var version = ModelVersions.Of(model.Identity);
        if (request.Version is { } wanted && wanted != version)
        {
            throw new ModelVersionNotFoundException(request.Model, wanted, version);
        }
        return new TensorResult(model.Identity, version, model.Classes, outputs);
    }

    public LoadedModelInfo? DescribeLoaded(string model) =>
        registry.CurrentVersion(model) is { } active
            ? new LoadedModelInfo(ModelVersions.Of(active.Identity), active.Classes.Count, active.FeatureDim)
            : null;

    private Task<(ActiveModel Model, ImageOutputs[] Outputs)> RunPreprocessedAsync(string modelName, IReadOnlyList<ReadOnlyMemory<float>> tensors,
        OutputKinds kinds, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (tensors.Count == 0) throw new InvalidImageException("The request contains no image.");
        registry.ThrowIfUnknown(modelName);
        return registry.RunAsync(modelName, tensors, kinds, time.GetUtcNow() + (timeout ?? _defaultTimeout), cancellationToken);
    }

    private async Task<(ActiveModel Model, ImageOutputs[] Outputs)> RunAsync(string modelName, IReadOnlyList<ReadOnlyMemory<byte>> images,
        OutputKinds kinds, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new InvalidImageException("The request contains no image.");
        registry.ThrowIfUnknown(modelName); // 404 before spending time on decoding
        var deadline = time.GetUtcNow() + (timeout ?? _defaultTimeout);

        var buffers = new float[images.Count][];
        try
        {
            for (var i = 0; i < buffers.Length; i++) buffers[i] = ArrayPool<float>.Shared.Rent(ImageNetPipeline.TensorLength);
            using (await decodeGate.EnterAsync(cancellationToken))
            {
                // A request whose deadline passed while it waited its turn to decode is answered now, not decoded first.
                if (time.GetUtcNow() >= deadline) throw registry.Expired(modelName, images.Count, deadline);
                Preprocess(images, buffers, cancellationToken);
            }

            var inputs = buffers.Select(b => (ReadOnlyMemory<float>)b.AsMemory(0, ImageNetPipeline.TensorLength)).ToArray();
            return await registry.RunAsync(modelName, inputs, kinds, deadline, cancellationToken);
        }
        finally
        {
            // The queue has finished reading every input once its task completed, whatever the outcome.
            foreach (var buffer in buffers.Where(b => b is not null)) ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes in parallel; when several images are bad, the error names the first of them in upload order.</summary>
    private void Preprocess(IReadOnlyList<ReadOnlyMemory<byte>> images, float[][] buffers, CancellationToken cancellationToken)
    {
        using var activity = InferenceTelemetry.ActivitySource.StartActivity(InferenceTelemetry.PreprocessSpan);
        activity?.SetTag(InferenceTelemetry.ImageCountTag, images.Count);
        var errors = new InferenceException?[images.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = images.Count == 1 ? 1 : -1 };
        Parallel.For(0, images.Count, options, i =>
        {
            try
            {
                preprocessor.Preprocess(images[i].Span, buffers[i].AsSpan(0, ImageNetPipeline.TensorLength));
            }
            catch (InferenceException error)
            {
                errors[i] = error;
            }
        });
        if (Array.FindIndex(errors, e => e is not null) is var first and >= 0)
        {
            throw images.Count == 1 ? errors[first]! : ImageErrors.ForImage(errors[first]!, first);
        }
    }

    private static IReadOnlyList<int> FeatureShape(FeatureStage stage, List<float[]> features, int channels)
    {
        if (stage != FeatureStage.Backbone) return [channels];
        var side = (int)Math.Round(Math.Sqrt(features[0].Length / (double)channels));
        return [channels, side, side];
    }

    private static void L2Normalize(float[] vector)
    {
        double sumOfSquares = 0;
        foreach (var v in vector) sumOfSquares += (double)v * v;
        if (sumOfSquares == 0) return;
        var scale = (float)(1 / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < vector.Length; i++) vector[i] *= scale;
    }
}
