using System.Runtime.CompilerServices;
using ResNeXt.Inference.Onnx;

namespace ResNeXt.Inference.Tests.Onnx;

/// <summary>
/// ONNX Runtime's shared pool is fixed by whichever code touches ONNX Runtime first; tests run in parallel and in any
/// order, so the test assembly creates it before any test can, with settings no test depends on except through this.
/// </summary>
internal static class SharedOnnxThreadPool
{
    /// <summary>More threads than the CI machines' cores, so a session's own pool shows up as threads the shared one does not start.</summary>
    public static readonly OnnxThreadPoolSettings Settings = new(IntraOpThreads: 4, AllowSpinning: false);

    [ModuleInitializer]
    internal static void Create()
    {
        if (!OnnxThreadPool.TryShare(Settings))
            throw new InvalidOperationException("ONNX Runtime was initialised before the test assembly's module initializer ran.");
    }
}
