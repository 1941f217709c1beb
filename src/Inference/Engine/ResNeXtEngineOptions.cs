using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Engine;

/// <param name="Expected">When given, the checkpoint must hold this catalogue model's architecture; it also names the engine.</param>
/// <param name="Device">"cpu" or "cuda" (or "cuda:N"), as TorchSharp parses it.</param>
/// <param name="VerifyChecksum">Check an official file name's 8-hex sha256 prefix.</param>
/// <param name="FoldBatchNorm">Serve the BN-folded network (default); false serves the checkpoint's network as is.</param>
/// <param name="IntraOpThreads">libtorch threads for this engine's forward passes; 0 keeps libtorch's default.</param>
/// <param name="RetainActivationMemory">Switch glibc to keeping freed activation memory on the first forward pass
/// (<see cref="GlibcAllocator"/>; process-wide); false leaves the allocator as it is.</param>
/// <param name="Backend">What serves the loaded weights (<see cref="EngineFactory"/>); <see cref="ResNeXtEngine.Load"/> is always TorchSharp.</param>
/// <param name="AllowSpinning">ONNX Runtime only: idle intra-op threads spin before sleeping.</param>
/// <param name="SharedThreadPool">ONNX Runtime only: compute on the process's one intra-op pool (<see cref="Onnx.OnnxThreadPool"/>),
/// as every model the service loads does, rather than on threads of the session's own.</param>
public sealed record ResNeXtEngineOptions(
    ModelCatalogEntry? Expected = null,
    string Device = "cpu",
    bool VerifyChecksum = true,
    bool FoldBatchNorm = true,
    int IntraOpThreads = 0,
    bool RetainActivationMemory = true,
    EngineBackend Backend = EngineBackend.OnnxRuntime,
    bool AllowSpinning = true,
    bool SharedThreadPool = false);
