namespace ResNeXt.Inference.Serving;

/// <summary>What tensor metadata needs from the version of a model loaded now.</summary>
/// <param name="Version">Its <see cref="ModelVersions"/> name.</param>
public sealed record LoadedModelInfo(string Version, int ClassCount, int FeatureDim);
