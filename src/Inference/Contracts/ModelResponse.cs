using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Contracts;

/// <param name="State">not_downloaded, available, loading, ready or failed.</param>
/// <param name="Reason">Why the model is failed or not downloaded, and what to do about it.</param>
/// <param name="Parameters">Counted from the built module once loaded.</param>
/// <param name="Published">Null for a checkpoint outside the catalogue.</param>
/// <param name="Backend">What serves the model (<c>onnxruntime</c> or <c>torchsharp</c>): the loaded version's, else the configured one.</param>
public sealed record ModelResponse(
    string Name,
    ModelState State,
    string? Reason,
    CheckpointResponse? Checkpoint,
    bool RandomWeights,
    long? Parameters,
    long? MemoryBytes,
    int QueueDepth,
    PublishedFiguresResponse? Published,
    BatchingSettingsResponse Batching,
    string Backend)
{
    public static ModelResponse From(ModelStatus status, BatchingSettingsResponse batching) => new(
        status.Name,
        status.State,
        status.Reason,
        status.CheckpointPath is { } path ? new CheckpointResponse(System.IO.Path.GetFileName(path), path, status.Sha256) : null,
        status.RandomWeights,
        status.ParameterCount,
        status.MemoryBytes,
        status.QueueDepth,
        status.Catalog is { } entry ? PublishedFiguresResponse.From(entry) : null,
        batching,
        status.Backend.ToName());
}
