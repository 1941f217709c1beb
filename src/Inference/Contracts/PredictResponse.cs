using System.Text.Json.Serialization;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Contracts;

/// <param name="Checkpoint">Which weights answered; null (with <paramref name="Warning"/> set) for random weights.</param>
/// <param name="Backend">What computed the scores: onnxruntime or torchsharp.</param>
/// <param name="Predictions">One entry per uploaded image, in upload order.</param>
public sealed record PredictResponse(
    string Model,
    CheckpointResponse? Checkpoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning,
    string Backend,
    IReadOnlyList<ImagePredictionResponse> Predictions)
{
    public static PredictResponse From(ClassificationResult result) => new(
        result.Model.Name,
        CheckpointResponse.From(result.Model),
        result.Model.Warning,
        result.Backend.ToName(),
        [.. result.Predictions.Select(ImagePredictionResponse.From)]);
}
