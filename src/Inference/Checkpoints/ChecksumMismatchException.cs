namespace ResNeXt.Inference.Checkpoints;

public sealed class ChecksumMismatchException(string path, string expectedPrefix, string actualSha256)
    : InferenceException("checksum-mismatch",
        $"Checkpoint '{path}' has sha256 {actualSha256}, but its file name promises a hash starting with {expectedPrefix}: " +
        $"the download is corrupt or the file was renamed. Re-download it, or, for a file you trust, drop the -{expectedPrefix} from its name (only that suffix asks for the check).")
{
    public string CheckpointPath { get; } = path;
    public string ExpectedPrefix { get; } = expectedPrefix;
    public string ActualSha256 { get; } = actualSha256;
}
