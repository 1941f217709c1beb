namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The bytes are not an image this service can decode completely: unknown format, truncated, corrupt or zero-sized.
/// </summary>
public sealed class InvalidImageException(string message, Exception? innerException = null)
    : InferenceException("invalid-image", message, innerException);
