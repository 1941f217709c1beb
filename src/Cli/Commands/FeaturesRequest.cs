using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;

namespace ResNeXt.Cli.Commands;

/// <summary>A parsed <c>resnext features</c> command line, checkpoint already located.</summary>
/// <param name="Model">The name it is served under: a catalogue model, or the checkpoint's own (architecture read from the weights).</param>
internal sealed record FeaturesRequest(
    IReadOnlyList<FileInfo> Images,
    string Model,
    string CheckpointPath,
    string Device,
    EngineBackend Backend,
    FeatureStage Stage,
    bool Normalize,
    bool Json);
