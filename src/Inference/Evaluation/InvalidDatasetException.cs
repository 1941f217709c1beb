namespace ResNeXt.Inference.Evaluation;

/// <summary>The dataset folder or its annotation file cannot be read as a labelled dataset, or does not fit the model.</summary>
public sealed class InvalidDatasetException(string message, Exception? innerException = null)
    : InferenceException("invalid-dataset", message, innerException);
