using ResNeXt.Inference.Engine;
using Microsoft.AspNetCore.Mvc;
using ResNeXt.Api.Contracts;
using ResNeXt.Inference.Contracts;
using ResNeXt.Api.Problems;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.OpenApi;

/// <summary>
/// Illustrative values for the OpenAPI document, built from the contract records themselves so an example can never
/// drift from the schema it illustrates. The scores are made up; the labels and class names are ImageNet's.
/// </summary>
internal static class ContractExamples
{
    private const int TabbyCat = 281;
    private const int TigerCat = 282;
    private const int EgyptianCat = 285;
    private const string ExampleSha256 = "56066e27a3d5e5b9b6f7c8e2d1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2";

    private static readonly ModelCatalogEntry DefaultEntry = ModelCatalog.Get(ModelCatalog.DefaultModel);

    private static readonly CheckpointResponse Checkpoint = new(DefaultEntry.CheckpointFileName, null, ExampleSha256);

    private static readonly BatchingSettingsResponse Batching = new(MaxBatchSize: 16, MaxDelayMs: 5, QueueCapacity: 256, DefaultTimeoutMs: 30_000);

    private static readonly ModelResponse Model = new(
        DefaultEntry.Name, ModelState.Ready, null,
        Checkpoint with { Path = $"/var/lib/resnext/models/{DefaultEntry.CheckpointFileName}" },
        RandomWeights: false, DefaultEntry.PublishedParameters, MemoryBytes: EngineFootprint.Estimate(DefaultEntry, null, EngineBackend.OnnxRuntime),
        QueueDepth: 0, PublishedFiguresResponse.From(DefaultEntry), Batching, EngineBackend.OnnxRuntime.ToName());

    private static readonly Dictionary<Type, object> ByType = new()
    {
        [typeof(PredictResponse)] = new PredictResponse(DefaultEntry.Name, Checkpoint, null, EngineBackend.OnnxRuntime.ToName(),
        [
            new ImagePredictionResponse(TabbyCat, 0.93f, Category(TabbyCat),
                [Entry(TabbyCat, 0.93f), Entry(TigerCat, 0.05f), Entry(EgyptianCat, 0.01f)], null),
        ]),
        [typeof(FeaturesResponse)] = new FeaturesResponse(DefaultEntry.Name, Checkpoint, null, EngineBackend.OnnxRuntime.ToName(), FeaturesParameters.DefaultStage,
            DefaultEntry.Spec.FeatureDim, null, [[0.0f, 0.412f, 1.87f, 0.093f]]),
        [typeof(ModelResponse)] = Model,
        [typeof(ModelListResponse)] = new ModelListResponse(ModelCatalog.DefaultModel, JpegBackend.TurboJpeg.ToName(), [Model]),
        [typeof(ProblemDetails)] = new ProblemDetails
        {
            Type = ProblemCatalog.TypeOf(ProblemCatalog.ModelNotFound),
            Title = ProblemCatalog.Get(ProblemCatalog.ModelNotFound).Title,
            Status = StatusCodes.Status404NotFound,
            Detail = $"Unknown model 'resnext51'. Known models: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}.",
            Extensions = { ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ["model"] = "resnext51" },
        },
    };

    public static object? For(Type type) => ByType.GetValueOrDefault(type);

    private static TopKEntry Entry(int label, float score) => new(label, Category(label), score);

    private static string Category(int label) => ImageNetCategories.All[label];
}
