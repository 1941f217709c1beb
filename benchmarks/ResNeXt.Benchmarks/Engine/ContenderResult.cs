using ResNeXt.Cli.Benchmarking.Engine;

namespace ResNeXt.Benchmarks.Engine;

/// <param name="Runtime">What ran it, with its version: the raw ONNX Runtime anchor must match the onnxruntime backend's.</param>
internal sealed record ContenderResult(string Name, string Runtime, double LoadSeconds, IReadOnlyList<BatchResult> Batches);
