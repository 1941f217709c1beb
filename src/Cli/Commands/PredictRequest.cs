using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext predict</c> command line, checkpoint already located.</summary>
internal sealed record PredictRequest(
    IReadOnlyList<FileInfo> Images,
    ModelCatalogEntry Model,
    string CheckpointPath,
    string Device,
    EngineBackend Backend,
    int TopK,
    bool Json);
