namespace ResNeXt.Inference.Serving;

public sealed record ClassificationResult(ModelIdentity Model, IReadOnlyList<ImagePrediction> Predictions);

/// <summary>One image's answer, named like mmpretrain's <c>DataSample</c> fields.</summary>
/// <param name="AllScores">The full softmax vector, only when requested.</param>
public sealed record ImagePrediction(int Label, float Score, string ClassName, IReadOnlyList<ScoredClass> TopK, float[]? AllScores);

public sealed record ScoredClass(int Label, string ClassName, float Score);
