using Microsoft.ML.OnnxRuntime;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Onnx;

/// <summary>How an ONNX Runtime session is made.</summary>
/// <param name="IntraOpThreads">Threads one forward pass uses; 0 lets ONNX Runtime take one per physical core.</param>
/// <param name="AllowSpinning">Whether idle pool threads spin before sleeping: faster hand-offs between operators, but
/// the spinning competes with request threads for the same cores.</param>
/// <param name="SharedThreadPool">Run on the process's one intra-op pool (<see cref="OnnxThreadPool"/>) rather than
/// threads of the session's own, when that pool has (or can still be created with) these thread and spinning settings.</param>
public sealed record OnnxRuntimeSettings(ComputeDevice Device, int IntraOpThreads = 0, bool AllowSpinning = true, bool SharedThreadPool = false)
{
    /// <summary>ONNX Runtime's session option key for spinning (onnxruntime_session_options_config_keys.h).</summary>
    private const string AllowSpinningKey = "session.intra_op.allow_spinning";

    /// <param name="sharesThreadPool">Whether the session will run on the shared pool: false when it was not asked for,
    /// or when the process's pool was created with other settings (the session then gets threads of its own).</param>
    public SessionOptions CreateSessionOptions(out bool sharesThreadPool)
    {
        // Before anything else touches ONNX Runtime: creating the SessionOptions below would create its environment.
        sharesThreadPool = SharedThreadPool && OnnxThreadPool.TryShare(new OnnxThreadPoolSettings(IntraOpThreads, AllowSpinning));
        var options = new SessionOptions
        {
            // Measured 10-25% faster than EXTENDED on these CPUs: it adds the NCHWc layout transformer.
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
            IntraOpNumThreads = IntraOpThreads,
        };
        try
        {
            if (sharesThreadPool)
                options.DisablePerSessionThreads();
            else
                options.AddSessionConfigEntry(AllowSpinningKey, AllowSpinning ? "1" : "0");
            if (Device.IsCuda)
            {
                if (Device.Unavailable(EngineBackend.OnnxRuntime) is { } missing)
                    throw new EngineBuildException($"cannot run on {Device}: {missing}");
                options.AppendExecutionProvider_CUDA(Device.Index);
            }
            return options;
        }
        catch (OnnxRuntimeException error)
        {
            options.Dispose();
            throw new EngineBuildException($"ONNX Runtime cannot use {Device}: {error.Message}", error);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
