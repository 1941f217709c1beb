namespace ResNeXt.Inference.Engine;

/// <summary>
/// Builds a ready-to-run model from a checkpoint. Blocking and heavy (hundreds of MB are read and folded), so the
/// registry calls it on a background thread, never on a request's path.
/// </summary>
public interface IModelLoader
{
    /// <exception cref="InferenceException">The checkpoint is missing, unreadable, or does not fit the architecture.</exception>
    LoadedWeights Load(ModelLoadRequest request, CancellationToken cancellationToken);

    /// <summary>The bytes <paramref name="request"/>'s model will hold once loaded (<see cref="EngineFootprint"/>), known
    /// before loading it so the registry can make room or refuse first.</summary>
    long EstimateMemoryBytes(ModelLoadRequest request);
}
