namespace ResNeXt.Inference.Evaluation;

/// <summary>How many images of class <see cref="Label"/> had <see cref="Predicted"/> as their top-1 prediction.</summary>
public sealed record Confusion(int Label, string Name, int Predicted, string PredictedName, long Count);
