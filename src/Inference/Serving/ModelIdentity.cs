namespace ResNeXt.Inference.Serving;

/// <summary>Which weights produced a result: every response names them so a hot reload is never invisible.</summary>
/// <param name="CheckpointFile">File name of the checkpoint, null when serving random weights.</param>
/// <param name="Warning">Set when the weights are not trained (Models:AllowRandomWeights).</param>
public sealed record ModelIdentity(string Name, string? CheckpointFile, string? Sha256, string? Warning);
