using ResNeXt.Inference;

namespace ResNeXt.Cli;

/// <summary>
/// What <c>resnext</c> returns, one code per failure class so scripts can react without parsing messages.
/// Inference errors map by their stable <c>Code</c>, never by type or message.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;

    /// <summary>The command line did not parse (unknown option, missing argument, bad value).</summary>
    public const int Usage = 2;

    public const int ModelNotFound = 3;
    public const int CheckpointMissing = 4;
    public const int InvalidImage = 5;
    public const int ChecksumMismatch = 6;
    /// <summary>
    /// The network failed: a checkpoint download, or the service <c>loadtest</c> drives did not answer (refused, unknown
    /// host, no answer within --timeout).
    /// </summary>
    public const int NetworkFailed = 7;

    /// <summary>An engine error whose code has no class of its own here yet.</summary>
    public const int InferenceFailed = 8;

    /// <summary>The dataset folder or annotation file of <c>test</c>/<c>train</c> is unusable.</summary>
    public const int InvalidDataset = 9;

    /// <summary>128 + SIGINT, what shells report for a command stopped with Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// The exit code of the most specific cause: a load that failed because of a checksum or a bad image wraps that
    /// error, and the wrapper alone ("model-load-failed") would say only "other engine error".
    /// </summary>
    public static int ForError(InferenceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (Exception? cause = error; cause is not null; cause = cause.InnerException)
        {
            if (cause is InferenceException inference && ForErrorCode(inference.Code) is var exitCode && exitCode != InferenceFailed)
                return exitCode;
        }
        return InferenceFailed;
    }

    public static int ForErrorCode(string code) => code switch
    {
        "model-not-found" => ModelNotFound,
        "checkpoint-missing" => CheckpointMissing,
        "invalid-image" or "image-too-large" => InvalidImage,
        "checksum-mismatch" => ChecksumMismatch,
        "download-failed" => NetworkFailed,
        "invalid-dataset" => InvalidDataset,
        _ => InferenceFailed,
    };
}
