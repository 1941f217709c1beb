namespace ResNeXt.Inference.Onnx;

/// <summary>The settings ONNX Runtime's shared intra-op pool is created with (see <see cref="OnnxThreadPool"/>).</summary>
/// <param name="IntraOpThreads">Threads of every forward pass, the calling thread included; 0 lets ONNX Runtime take one per physical core.</param>
/// <param name="AllowSpinning">Whether idle pool threads spin before sleeping.</param>
public sealed record OnnxThreadPoolSettings(int IntraOpThreads, bool AllowSpinning);
