namespace ResNeXt.Inference.Engine;

/// <summary>
/// Which runtime executes a loaded model's forward passes. Every load starts from the TorchSharp model (the checkpoint
/// reader, the architecture check and BatchNorm folding are TorchSharp's); the backend decides what serves it.
/// </summary>
public enum EngineBackend
{
    /// <summary>ONNX Runtime on a graph built in memory from the folded weights (MLAS kernels, fused Conv+Add+Relu, prepacked weights).</summary>
    OnnxRuntime,

    /// <summary>The TorchSharp (libtorch) network itself: the reference engine, also used by training and evaluation.</summary>
    TorchSharp,
}
