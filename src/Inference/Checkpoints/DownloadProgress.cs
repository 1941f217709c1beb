namespace ResNeXt.Inference.Checkpoints;

/// <summary>A snapshot of one checkpoint download.</summary>
/// <param name="BytesReceived">Bytes on disk so far, including any resumed from an earlier <c>.partial</c> file.</param>
/// <param name="TotalBytes">Size of the whole file, or null when the server did not say.</param>
/// <param name="BytesPerSecond">Average rate of the current connection.</param>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes, double BytesPerSecond)
{
    /// <summary>Completed fraction in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? (double)BytesReceived / total : null;
}
