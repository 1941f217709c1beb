namespace ResNeXt.Inference.Engine;

/// <summary>A backend could not be built from weights that loaded fine: the ONNX graph, the session or the device failed.</summary>
public sealed class EngineBuildException(string reason, Exception? innerException = null)
    : InferenceException("engine-build-failed", reason, innerException);
