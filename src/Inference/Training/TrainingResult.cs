namespace ResNeXt.Inference.Training;

/// <param name="Epochs">Every epoch of the run, the resumed ones included.</param>
/// <param name="BestCheckpoint">The checkpoint with the highest validation top-1.</param>
/// <param name="Completed">False when cancelled; the epochs done so far are checkpointed.</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> Epochs, string LastCheckpoint, string BestCheckpoint, bool Completed);
