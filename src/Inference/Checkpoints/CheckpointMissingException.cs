namespace ResNeXt.Inference.Checkpoints;

/// <summary>No checkpoint file exists for a model where <see cref="CheckpointLocator"/> looked.</summary>
public sealed class CheckpointMissingException(string modelName, IReadOnlyList<string> searchedPaths)
    : InferenceException("checkpoint-missing",
        $"No checkpoint for '{modelName}': looked for {string.Join(", ", searchedPaths)}.")
{
    public string ModelName { get; } = modelName;

    public IReadOnlyList<string> SearchedPaths { get; } = searchedPaths;
}
