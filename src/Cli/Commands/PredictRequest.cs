using ResNeXt.Inference.Engine;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext predict</c> command line, checkpoint already located.</summary>
/// <param name="Model">The name it is served under: a catalogue model, or the checkpoint's own (architecture read from the weights).</param>
internal sealed record PredictRequest(
    IReadOnlyList<FileInfo> Images,
    string Model,
    string CheckpointPath,
    string Device,
    EngineBackend Backend,
    int TopK,
    bool Json);
