using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext features</c> command line, checkpoint already located.</summary>
internal sealed record FeaturesRequest(
    IReadOnlyList<FileInfo> Images,
    ModelCatalogEntry Model,
    string CheckpointPath,
    string Device,
    EngineBackend Backend,
    FeatureStage Stage,
    bool Normalize,
    bool Json);
