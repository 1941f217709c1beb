namespace ResNeXt.Inference.Evaluation;

/// <summary>One image file of a dataset and its ground-truth class index.</summary>
public sealed record LabelledImage(string Path, int Label);
