namespace ResNeXt.Inference.Onnx;

/// <summary>
/// The graph's input and output names. They are the Open Inference Protocol's tensor names too, so a graph exported with
/// <c>resnext export-onnx</c> and served elsewhere (Triton, ONNX Runtime) answers under the same names as this service.
/// </summary>
public static class OnnxTensorNames
{
    /// <summary>N x 3 x 224 x 224 normalised images (float32, NCHW).</summary>
    public const string Input = "input";

    /// <summary>N x classes, the head's output.</summary>
    public const string Logits = "logits";

    /// <summary>N x classes, softmax of the logits (mmpretrain's <c>pred_score</c>).</summary>
    public const string Probabilities = "probabilities";

    /// <summary>N x 2048, the neck's globally pooled features.</summary>
    public const string Features = "features";

    /// <summary>N x 2048 x 7 x 7, the last stage's map (mmpretrain <c>extract_feat(stage='backbone')</c>).</summary>
    public const string FeatureMap = "feature_map";

    /// <summary>The symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";
}
