namespace ResNeXt.Inference.Serving;

/// <summary>
/// The engine as hosts see it (mmpretrain's <c>inference_model</c> and <c>extract_feat</c>): encoded images in,
/// managed results out. Decoding and preprocessing run on the caller's thread; the forward pass runs on the
/// model's batching worker. Failures are <see cref="InferenceException"/>s with stable codes.
/// </summary>
public interface IImageClassifier
{
    Task<ClassificationResult> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken);

    Task<FeatureResult> ExtractFeaturesAsync(FeatureRequest request, CancellationToken cancellationToken);
}
