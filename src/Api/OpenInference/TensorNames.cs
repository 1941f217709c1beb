namespace ResNeXt.Api.OpenInference;

/// <summary>The tensors, datatypes and parameters this service speaks in the Open Inference Protocol.</summary>
public static class TensorNames
{
    /// <summary>Encoded image files (JPEG, PNG, ... as /v1 accepts), one element per image.</summary>
    public const string Image = "image";

    /// <summary>A batch the client preprocessed itself: N x 3 x 224 x 224, normalised like the ImageNet test pipeline.</summary>
    public const string Input = "input";

    public const string Probabilities = "probabilities";
    public const string Logits = "logits";
    public const string Features = "features";

    public const string Bytes = "BYTES";
    public const string Fp32 = "FP32";

    public const string Classification = "classification";
    public const string BinaryData = "binary_data";
    public const string BinaryDataSize = "binary_data_size";
    public const string BinaryDataOutput = "binary_data_output";
    public const string ContentType = "content_type";
    public const string Base64 = "base64";

    /// <summary>The extensions the server metadata lists.</summary>
    public static readonly IReadOnlyList<string> Extensions = [Classification, "binary_tensor_data"];

    /// <summary>Outputs returned when a request names none: the softmax and the logits, not the (larger) features.</summary>
    public static readonly IReadOnlyList<string> DefaultOutputs = [Probabilities, Logits];

    public static readonly IReadOnlyList<string> Outputs = [Probabilities, Logits, Features];
}
