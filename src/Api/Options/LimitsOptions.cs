using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Api.Options;

/// <summary>What one request may carry. Kestrel, the form reader and the upload filter all read these values.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    private const long OneMebibyte = 1024 * 1024;

    /// <summary>
    /// Whole request body, multipart framing included. 20 MiB matches <c>client_max_body_size 20m</c> in
    /// deploy/nginx/nginx.conf. (Limits:MaxImagePixels, in the same section, belongs to the engine's preprocessing.)
    /// </summary>
    // A long range: [Range(1, int.MaxValue)] on a long converted the value to int and overflowed (an unhandled crash).
    [Range(typeof(long), "1", "2147483647")]
    public long MaxRequestBytes { get; set; } = 20 * OneMebibyte;

    [Range(1, 256)]
    public int MaxImagesPerRequest { get; set; } = 32;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    [Range(1, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The longest <c>X-Request-Timeout</c> a client may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRequestTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
