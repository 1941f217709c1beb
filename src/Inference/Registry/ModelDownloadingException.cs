namespace ResNeXt.Inference.Registry;

/// <summary>
/// The model's checkpoint is still downloading (Models:AutoDownload) and the request's deadline came first. The download
/// goes on; <see cref="RetryAfter"/> estimates when it ends from its progress so far.
/// </summary>
public sealed class ModelDownloadingException(string name, string progress, TimeSpan retryAfter)
    : InferenceException("model-downloading", $"Model '{name}' is still downloading its checkpoint ({progress}); retry later.")
{
    public string ModelName { get; } = name;

    public override TimeSpan? RetryAfter { get; } = retryAfter;
}
