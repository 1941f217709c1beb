using ResNeXt.Inference.Batching;

namespace ResNeXt.Inference.Serving;

/// <param name="Version">The <see cref="ModelVersions"/> name of the weights that computed every output.</param>
/// <param name="Classes">Class names of those weights, indexed by label.</param>
/// <param name="Outputs">One entry per image or tensor, in request order, holding only the kinds asked for.</param>
public sealed record TensorResult(ModelIdentity Model, string Version, IReadOnlyList<string> Classes, IReadOnlyList<ImageOutputs> Outputs);
