using ResNeXt.Inference.Engine;

namespace ResNeXt.Benchmarks.Engine;

/// <param name="Backends">Our engine's backends to time, each one contender (loaded through <see cref="EngineFactory"/>).</param>
/// <param name="Rounds">Each round times every contender once, in rotating order.</param>
/// <param name="Iterations">Timed forward passes per batch size per round; the round's figure is their median.</param>
/// <param name="Threads">Intra-op threads of every contender, ours and the baselines alike.</param>
/// <param name="Python">Debian's interpreter, for the PyTorch baseline and the ONNX export.</param>
/// <param name="AllocatorAblation">Also time the TorchSharp backend with glibc's allocator defaults and PyTorch with freed
/// memory kept mapped, to show what <see cref="GlibcAllocator"/> gives and what PyTorch users could get the same way.</param>
/// <param name="OnnxModel">An ONNX file to time instead of exporting the checkpoint; only with <paramref name="CompareOnnxRuntime"/>.</param>
internal sealed record EngineBenchmarkSettings(
    string Model,
    string CheckpointPath,
    IReadOnlyList<EngineBackend> Backends,
    IReadOnlyList<int> BatchSizes,
    int Rounds,
    int Warmup,
    int Iterations,
    int Threads,
    string Python,
    bool ComparePyTorch,
    bool CompareOnnxRuntime,
    bool AllocatorAblation,
    string? OnnxModel);
