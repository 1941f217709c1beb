namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// A checkpoint could not be fetched (<see cref="DownloadFailedCode"/>) or arrived but is not the file its name
/// promises (<see cref="ChecksumMismatchCode"/>).
/// </summary>
public sealed class CheckpointDownloadException : InferenceException
{
    public const string DownloadFailedCode = "download-failed";
    public const string ChecksumMismatchCode = "checksum-mismatch";

    private CheckpointDownloadException(string code, Uri url, string message, Exception? innerException)
        : base(code, message, innerException) => Url = url;

    public Uri Url { get; }

    public static CheckpointDownloadException Failed(Uri url, string reason, Exception? innerException = null) =>
        new(DownloadFailedCode, url, $"Download of {url} failed: {reason}", innerException);

    public static CheckpointDownloadException ChecksumMismatch(Uri url, string expectedPrefix, string actualSha256) =>
        new(ChecksumMismatchCode, url,
            $"Download of {url} is corrupt: sha256 {actualSha256} does not start with {expectedPrefix}; the partial file was deleted.",
            innerException: null);
}
