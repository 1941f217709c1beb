using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Serving;

public sealed record FeatureRequest(
    string Model,
    IReadOnlyList<ReadOnlyMemory<byte>> Images,
    FeatureStage Stage = FeatureStage.Neck,
    bool Normalize = false,
    TimeSpan? Timeout = null);
