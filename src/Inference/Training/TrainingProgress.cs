namespace ResNeXt.Inference.Training;

/// <summary>Where training stands after a batch (<see cref="Record"/> is set once an epoch is validated).</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, EpochRecord? Record = null);
