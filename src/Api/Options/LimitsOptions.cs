using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Api.Options;

/// <summary>What one request may carry. Kestrel, the form reader and the upload filter all read these values.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    private const long OneMebibyte = 1024 * 1024;

    /// <summary>Whole request body, multipart framing included.</summary>
    [Range(1, int.MaxValue)]
    public long MaxRequestBytes { get; set; } = 32 * OneMebibyte;

    [Range(1, 256)]
    public int MaxImagesPerRequest { get; set; } = 32;

    /// <summary>Decoded width x height. The engine checks it from the image header before decoding (decompression bombs).</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 40_000_000;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    [Range(1, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The longest <c>X-Request-Timeout</c> a client may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRequestTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
