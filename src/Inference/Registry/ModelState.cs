namespace ResNeXt.Inference.Registry;

public enum ModelState
{
    /// <summary>No checkpoint file found (and auto-download is off or failed).</summary>
    NotDownloaded,
    /// <summary>A checkpoint is on disk; the model loads on first use.</summary>
    Available,
    Loading,
    Ready,
    /// <summary>The last load failed; <see cref="ModelStatus.Reason"/> says why.</summary>
    Failed,
}
