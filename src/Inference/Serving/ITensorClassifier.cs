namespace ResNeXt.Inference.Serving;

/// <summary>
/// The engine for tensor protocols: raw logits, softmax and features per image, from encoded or preprocessed input,
/// through the same registry, queues and batches as <see cref="IImageClassifier"/>.
/// </summary>
public interface ITensorClassifier
{
    /// <exception cref="ModelVersionNotFoundException">The request names a version the model does not serve.</exception>
    Task<TensorResult> InferAsync(TensorRequest request, CancellationToken cancellationToken);

    /// <summary>The version loaded now and its output sizes; null while the model is not loaded. Loads nothing.</summary>
    /// <exception cref="Registry.ModelNotFoundException">Unknown name.</exception>
    LoadedModelInfo? DescribeLoaded(string model);
}
