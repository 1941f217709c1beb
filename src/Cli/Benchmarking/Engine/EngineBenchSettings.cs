using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <param name="Model">The catalogue entry the checkpoint is checked against; null for a checkpoint outside the catalogue.</param>
/// <param name="Rounds">Rounds of every batch size; a round's figure is the median of its timed passes.</param>
/// <param name="Threads">Intra-op threads, as <c>Batching:IntraOpThreads</c> would give the service.</param>
internal sealed record EngineBenchSettings(
    ModelCatalogEntry? Model,
    string CheckpointPath,
    EngineBackend Backend,
    IReadOnlyList<int> BatchSizes,
    int Rounds,
    int Warmup,
    int Iterations,
    int Threads);
