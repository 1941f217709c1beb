namespace ResNeXt.Inference.Engine;

/// <summary>A loaded model: the runner owns the native weights; whoever receives this disposes the runner.</summary>
/// <param name="Sha256">Hex sha256 of the checkpoint file; null for random weights.</param>
/// <param name="MemoryBytes">Bytes the model holds, as <see cref="EngineFootprint"/> counts them.</param>
/// <param name="Backend">What runs the forward passes.</param>
public sealed record LoadedWeights(IBatchRunner Runner, IReadOnlyList<string> Classes, string? Sha256, long ParameterCount, long MemoryBytes,
    EngineBackend Backend);
