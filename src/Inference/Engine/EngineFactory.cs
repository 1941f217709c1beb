using ResNeXt.Inference.Model;
using ResNeXt.Inference.Onnx;

namespace ResNeXt.Inference.Engine;

/// <summary>
/// Loads a model with the backend its options name. Both start from the TorchSharp model (same checkpoint validation,
/// sha256 and class names, same BatchNorm folding); for ONNX Runtime the graph is then built from the folded weights and
/// the TorchSharp copy is freed, so a model holds one copy of its weights.
/// </summary>
public static class EngineFactory
{
    /// <inheritdoc cref="ResNeXtEngine.Load"/>
    /// <exception cref="EngineBuildException">The ONNX Runtime session could not be built from the loaded weights.</exception>
    public static IInferenceEngine Load(string checkpointPath, ResNeXtEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Serve(ResNeXtEngine.Load(checkpointPath, ForTorch(options)), options);
    }

    /// <inheritdoc cref="ResNeXtEngine.CreateRandom"/>
    public static IInferenceEngine CreateRandom(ResNeXtSpec spec, int numClasses, ResNeXtEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Serve(ResNeXtEngine.CreateRandom(spec, numClasses, ForTorch(options)), options);
    }

    /// <summary>The ONNX Runtime path builds its graph from the folded network on the CPU; the device is the session's.</summary>
    private static ResNeXtEngineOptions ForTorch(ResNeXtEngineOptions options) => options.Backend == EngineBackend.OnnxRuntime
        ? options with { FoldBatchNorm = true, Device = "cpu", RetainActivationMemory = false }
        : options;

    private static IInferenceEngine Serve(ResNeXtEngine torch, ResNeXtEngineOptions options)
    {
        if (options.Backend == EngineBackend.TorchSharp)
            return torch;
        using (torch)
        {
            var settings = new OnnxRuntimeSettings(
                ComputeDevice.Parse(options.Device), options.IntraOpThreads, options.AllowSpinning, options.SharedThreadPool);
            return OnnxRuntimeEngine.Create(torch, settings);
        }
    }
}
