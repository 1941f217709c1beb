using System.Text.Json.Serialization;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Contracts;

/// <param name="Backend">What computed the features: onnxruntime or torchsharp.</param>
/// <param name="Stage">neck, pre_logits or backbone.</param>
/// <param name="Dim">Channels of one image's features (2048 for the published models).</param>
/// <param name="Shape">Only for backbone: the C x H x W layout of each flattened vector.</param>
/// <param name="Features">One flattened vector per uploaded image, in upload order.</param>
public sealed record FeaturesResponse(
    string Model,
    CheckpointResponse? Checkpoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning,
    string Backend,
    string Stage,
    int Dim,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Shape,
    IReadOnlyList<float[]> Features)
{
    public static FeaturesResponse From(FeatureResult result) => new(
        result.Model.Name,
        CheckpointResponse.From(result.Model),
        result.Model.Warning,
        result.Backend.ToName(),
        FeatureStageNames.ToName(result.Stage),
        result.Shape[0],
        result.Stage == FeatureStage.Backbone ? result.Shape : null,
        result.Features);
}
