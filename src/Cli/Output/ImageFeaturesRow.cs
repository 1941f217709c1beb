namespace ResNeXt.Cli.Output;

/// <summary>One image's feature vector as <c>resnext features --json</c> prints it (flattened, row-major).</summary>
internal sealed record ImageFeaturesRow(string Image, IReadOnlyList<int> Shape, float[] Features);
