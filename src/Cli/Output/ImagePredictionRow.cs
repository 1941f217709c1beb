using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Serving;

namespace ResNeXt.Cli.Output;

/// <summary>One image's answer as <c>resnext predict --json</c> prints it.</summary>
/// <param name="Backend">What computed it (<see cref="EngineBackendNames"/>): onnxruntime or torchsharp.</param>
internal sealed record ImagePredictionRow(
    string Image, string Backend, int PredLabel, float PredScore, string PredClass, IReadOnlyList<ScoredClass> TopK)
{
    public static ImagePredictionRow From(string image, EngineBackend backend, ImagePrediction prediction) =>
        new(image, backend.ToName(), prediction.Label, prediction.Score, prediction.ClassName, prediction.TopK);
}
