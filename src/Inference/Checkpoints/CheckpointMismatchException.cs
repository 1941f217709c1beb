namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// The checkpoint's tensors do not fit the network: a key is missing or unexpected, or a shape differs. Loading
/// is all or nothing, so this is raised before any weight is copied.
/// </summary>
public sealed class CheckpointMismatchException(string path, string details)
    : InferenceException("checkpoint-mismatch", $"Checkpoint '{path}' does not match the network: {details}")
{
    public string CheckpointPath { get; } = path;
}
