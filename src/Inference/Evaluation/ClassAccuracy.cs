namespace ResNeXt.Inference.Evaluation;

/// <summary>How the images of one ground-truth class fared; <see cref="Accuracy"/> follows the report's top-k list.</summary>
public sealed record ClassAccuracy(int Label, string Name, long Images, IReadOnlyList<TopKAccuracy> Accuracy);
