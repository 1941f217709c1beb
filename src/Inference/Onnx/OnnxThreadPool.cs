using Microsoft.ML.OnnxRuntime;

namespace ResNeXt.Inference.Onnx;

/// <summary>
/// The process's one ONNX Runtime intra-op pool, shared by every session that asks for it. Per-session pools gave each
/// loaded model its own set of compute threads, so two loaded models owned twice the cores' threads even though the
/// executor runs one pass at a time; with the shared pool the threads exist once, whatever is loaded.
/// </summary>
/// <remarks>
/// ONNX Runtime's environment is a process-wide singleton whose thread pools are fixed when it is created, and anything
/// that touches ONNX Runtime (even <c>new SessionOptions()</c>) creates it. So the first caller's settings win: a caller
/// asking for other settings later, or after the environment was created without a pool, gets false and must give its
/// session its own threads.
/// </remarks>
public static class OnnxThreadPool
{
    private static readonly Lock Gate = new();
    private static OnnxThreadPoolSettings? shared;

    /// <summary>The shared pool's settings, or null while there is none.</summary>
    public static OnnxThreadPoolSettings? Current
    {
        get
        {
            lock (Gate)
            {
                return shared;
            }
        }
    }

    /// <summary>
    /// Creates the shared pool with <paramref name="settings"/> if ONNX Runtime is not yet initialised; true when the
    /// process's pool (new or earlier) has exactly these settings, so a session may run on it.
    /// </summary>
    public static bool TryShare(OnnxThreadPoolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (Gate)
        {
            if (shared is null && !OrtEnv.IsCreated)
            {
                using var threading = new OrtThreadingOptions
                {
                    GlobalIntraOpNumThreads = settings.IntraOpThreads,
                    // Sessions run ORT_SEQUENTIAL: operators never run side by side, so an inter-op pool would only idle.
                    GlobalInterOpNumThreads = 1,
                    GlobalSpinControl = settings.AllowSpinning,
                };
                var options = new EnvironmentCreationOptions { threadOptions = threading };
                OrtEnv.CreateInstanceWithOptions(ref options);
                shared = settings;
            }

            return shared == settings;
        }
    }
}
