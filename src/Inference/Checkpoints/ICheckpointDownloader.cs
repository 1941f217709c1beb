using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>Fetches official checkpoints for the registry's on-demand downloads (<see cref="CheckpointDownloader"/>).</summary>
public interface ICheckpointDownloader
{
    /// <exception cref="CheckpointDownloadException">The download failed for good or the file is corrupt.</exception>
    Task<CheckpointDownloadResult> DownloadAsync(ModelCatalogEntry entry, string directory, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
