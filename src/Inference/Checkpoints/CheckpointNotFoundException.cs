namespace ResNeXt.Inference.Checkpoints;

public sealed class CheckpointNotFoundException(string path)
    : InferenceException("checkpoint-not-found", $"Checkpoint file '{path}' does not exist.")
{
    public string CheckpointPath { get; } = path;
}
