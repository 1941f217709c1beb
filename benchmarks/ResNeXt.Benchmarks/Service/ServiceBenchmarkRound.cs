namespace ResNeXt.Benchmarks.Service;

/// <summary>One round's throughputs, each in images per second.</summary>
/// <param name="OneModel">The service, one model busy at the round's concurrency (offline, closed loop).</param>
/// <param name="TwoModels">The service, two models busy at once, each at that concurrency: their sum.</param>
/// <param name="OnnxRuntime">Raw ONNX Runtime at batch = concurrency on random tensors (no decoding, no HTTP).</param>
/// <param name="PyTorchPillow">A PyTorch + Pillow loop at the same batch, decoding and preprocessing included.</param>
/// <param name="Errors">Service requests of this round that did not answer 2xx.</param>
internal sealed record ServiceBenchmarkRound(
    int Round, double OneModel, double TwoModels, double OnnxRuntime, double PyTorchPillow, int Errors);
