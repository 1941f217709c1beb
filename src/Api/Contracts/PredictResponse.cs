using System.Text.Json.Serialization;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Api.Contracts;

/// <param name="Checkpoint">Which weights answered; null (with <paramref name="Warning"/> set) for random weights.</param>
/// <param name="Predictions">One entry per uploaded image, in upload order.</param>
public sealed record PredictResponse(
    string Model,
    CheckpointResponse? Checkpoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning,
    IReadOnlyList<ImagePredictionResponse> Predictions)
{
    public static PredictResponse From(ClassificationResult result) => new(
        result.Model.Name,
        CheckpointResponse.From(result.Model),
        result.Model.Warning,
        [.. result.Predictions.Select(ImagePredictionResponse.From)]);
}
