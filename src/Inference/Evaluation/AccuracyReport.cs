namespace ResNeXt.Inference.Evaluation;

/// <param name="TopK">Overall accuracies, smallest k first.</param>
/// <param name="PerClass">Every class the model predicts, in label order (classes without images have <c>Images = 0</c>).</param>
/// <param name="Confusions">The most frequent wrong top-1 predictions, most frequent first.</param>
public sealed record AccuracyReport(long Total, IReadOnlyList<TopKAccuracy> TopK, IReadOnlyList<ClassAccuracy> PerClass, IReadOnlyList<Confusion> Confusions);
