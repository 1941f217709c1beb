using System.Text.Json.Serialization;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Inference.Contracts;

/// <summary>One image's answer, named like mmpretrain's <c>inference_model</c> result.</summary>
/// <param name="PredScores">The full softmax vector; only with <c>scores=all</c>.</param>
public sealed record ImagePredictionResponse(
    int PredLabel,
    float PredScore,
    string PredClass,
    [property: JsonPropertyName("topk")] IReadOnlyList<TopKEntry> TopK,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<float>? PredScores)
{
    public static ImagePredictionResponse From(ImagePrediction prediction) => new(
        prediction.Label,
        prediction.Score,
        prediction.ClassName,
        [.. prediction.TopK.Select(c => new TopKEntry(c.Label, c.ClassName, c.Score))],
        prediction.AllScores);
}
