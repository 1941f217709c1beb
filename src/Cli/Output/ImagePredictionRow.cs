using ResNeXt.Inference.Serving;

namespace ResNeXt.Cli.Output;

/// <summary>One image's answer as <c>resnext predict --json</c> prints it.</summary>
internal sealed record ImagePredictionRow(string Image, int PredLabel, float PredScore, string PredClass, IReadOnlyList<ScoredClass> TopK)
{
    public static ImagePredictionRow From(string image, ImagePrediction prediction) =>
        new(image, prediction.Label, prediction.Score, prediction.ClassName, prediction.TopK);
}
