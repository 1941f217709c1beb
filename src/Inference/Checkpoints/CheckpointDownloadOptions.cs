using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>How <see cref="CheckpointDownloader"/> fetches official checkpoints.</summary>
public sealed class CheckpointDownloadOptions
{
    public const string SectionName = "CheckpointDownload";

    /// <summary>A mirror of the official checkpoint folder; null means <c>download.openmmlab.com</c>.</summary>
    // [Url] also passes ftp://, which HttpClient then refused on the first download (a 500).
    [RegularExpression("^[Hh][Tt][Tt][Pp][Ss]?://.+", ErrorMessage = "CheckpointDownload:BaseUrl must be an http:// or https:// URL.")]
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Failed attempts in a row, each without a single new byte, before giving up. An attempt that grew the
    /// partial file resets the count, so a flaky link still finishes a large checkpoint.
    /// </summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Pause before the first retry; it doubles with each further failure in a row.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait for response headers or for the next body bytes before the connection counts as dead.
    /// HttpClient.Timeout cannot serve here: with ResponseHeadersRead it stops at the headers, and a whole-file
    /// limit would cut off a slow but healthy 350 MB download.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Least time between two progress reports, so a fast link does not flood the console.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
