using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Engine;

/// <summary>
/// The memory a loaded model holds, as the registry's byte budget counts it: its FP32 weights, plus for ONNX Runtime the
/// copy MLAS prepacks of every convolution and matrix weight beside the session's initializers.
/// </summary>
/// <remarks>
/// Counted from the weights rather than from the process's resident size: loads, downloads and requests overlap, so an
/// RSS delta cannot be attributed to one model, and the allocator keeps freed pages. The prepacked copy is counted at the
/// weights' full size, an upper bound, so the budget errs towards unloading early rather than towards an OOM kill.
/// </remarks>
public static class EngineFootprint
{
    /// <summary>ONNX Runtime: initializers plus one prepacked copy.</summary>
    private const int OnnxRuntimeCopies = 2;

    public static long Of(long weightBytes, EngineBackend backend) =>
        backend == EngineBackend.OnnxRuntime ? weightBytes * OnnxRuntimeCopies : weightBytes;

    /// <summary>
    /// What a model will hold once loaded, known before loading it: a catalogue model's published parameter count, else the
    /// checkpoint file's size (its FP32 tensors, or more when it also carries optimizer state: an overestimate, never under).
    /// </summary>
    public static long Estimate(ModelCatalogEntry? catalog, string? checkpointPath, EngineBackend backend)
    {
        long weightBytes = catalog is not null ? catalog.PublishedParameters * sizeof(float)
            : checkpointPath is not null && File.Exists(checkpointPath) ? new FileInfo(checkpointPath).Length
            : 0;
        return Of(weightBytes, backend);
    }
}
