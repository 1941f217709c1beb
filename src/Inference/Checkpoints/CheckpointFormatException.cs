namespace ResNeXt.Inference.Checkpoints;

/// <summary>The file is not a checkpoint this engine can read (legacy pickle, corrupt zip, unknown objects).</summary>
public sealed class CheckpointFormatException(string path, string reason, Exception? innerException = null)
    : InferenceException("checkpoint-format", $"Cannot read checkpoint '{path}': {reason}", innerException)
{
    public string CheckpointPath { get; } = path;
}
