namespace ResNeXt.Inference.Checkpoints;

/// <param name="Path">Where the verified checkpoint now lives.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="AlreadyPresent">True when a verified file was already there and nothing was downloaded.</param>
public sealed record CheckpointDownloadResult(string Path, long Length, bool AlreadyPresent);
