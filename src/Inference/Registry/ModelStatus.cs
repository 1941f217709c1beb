using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Registry;

/// <summary>A snapshot of one model for the management API and the CLI.</summary>
/// <param name="Catalog">Published figures; null for a checkpoint found in the models directory that is not in the catalogue.</param>
/// <param name="ParameterCount">Counted from the built module once loaded.</param>
/// <param name="MemoryBytes">Bytes the loaded version holds, as the byte budget counts them (<see cref="EngineFootprint"/>).</param>
/// <param name="Backend">What serves the model: the loaded version's backend, else the configured one.</param>
public sealed record ModelStatus(
    string Name,
    ModelState State,
    string? Reason,
    string? CheckpointPath,
    string? Sha256,
    ModelCatalogEntry? Catalog,
    long? ParameterCount,
    long? MemoryBytes,
    int QueueDepth,
    bool RandomWeights,
    EngineBackend Backend);
