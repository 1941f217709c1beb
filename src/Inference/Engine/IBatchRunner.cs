namespace ResNeXt.Inference.Engine;

/// <summary>
/// Runs one forward pass over a batch of preprocessed images. Implementations own native tensors and are
/// not thread-safe: the device's one inference executor calls <see cref="Run"/> from its single dedicated thread only, and
/// every tensor is created and disposed inside that call (no tensor crosses an await).
/// </summary>
public interface IBatchRunner : IDisposable
{
    /// <summary>Classes the head predicts.</summary>
    int NumClasses { get; }

    /// <summary>Length of a pooled feature vector.</summary>
    int FeatureDim { get; }

    /// <param name="input">batchSize x 3 x 224 x 224 floats, NCHW, already normalised.</param>
    BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds);

    /// <summary>
    /// Pays the first pass's one-off costs (thread pool, kernel selection, first touch of activation memory) before
    /// any caller waits for it; called once on the worker thread before the model is reported ready.
    /// </summary>
    void WarmUp()
    {
    }
}
