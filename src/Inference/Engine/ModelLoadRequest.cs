using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Engine;

/// <param name="Catalog">The catalogue entry when the name is a catalogue model; the checkpoint must then match its architecture.</param>
/// <param name="CheckpointPath">The weights to load; null builds the architecture with random weights (Models:AllowRandomWeights).</param>
/// <param name="IntraOpThreads">Threads the model's forward passes may use.</param>
/// <param name="Backend">What serves the loaded weights.</param>
/// <param name="AllowSpinning">ONNX Runtime: whether idle compute threads spin before sleeping.</param>
public sealed record ModelLoadRequest(
    string Name, ModelCatalogEntry? Catalog, string? CheckpointPath, int IntraOpThreads, EngineBackend Backend, bool AllowSpinning);
