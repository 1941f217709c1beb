namespace ResNeXt.Cli.Output;

/// <summary>One image's feature vector as <c>resnext features --json</c> prints it (flattened, row-major).</summary>
/// <param name="Backend">What computed it: onnxruntime or torchsharp.</param>
internal sealed record ImageFeaturesRow(string Image, string Backend, IReadOnlyList<int> Shape, float[] Features);
