using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Serving;

/// <param name="Backend">What computed the features: the backend of the model version that ran it.</param>
/// <param name="Shape">Shape of one image's features: [2048] for neck/pre_logits, [2048, 7, 7] for backbone.</param>
/// <param name="Features">One flattened vector per image, in request order.</param>
public sealed record FeatureResult(ModelIdentity Model, EngineBackend Backend, FeatureStage Stage, IReadOnlyList<int> Shape, IReadOnlyList<float[]> Features);
