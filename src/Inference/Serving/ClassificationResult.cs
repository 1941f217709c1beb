using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Serving;

/// <param name="Backend">What computed the answer: the backend of the model version that ran it.</param>
public sealed record ClassificationResult(ModelIdentity Model, EngineBackend Backend, IReadOnlyList<ImagePrediction> Predictions);

/// <summary>One image's answer, named like mmpretrain's <c>DataSample</c> fields.</summary>
/// <param name="AllScores">The full softmax vector, only when requested.</param>
public sealed record ImagePrediction(int Label, float Score, string ClassName, IReadOnlyList<ScoredClass> TopK, float[]? AllScores);

public sealed record ScoredClass(int Label, string ClassName, float Score);
