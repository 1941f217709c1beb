using System.ComponentModel.DataAnnotations;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>Limits on decoded images (the <c>Limits</c> section, shared with the host's request limits).</summary>
public sealed class PreprocessingOptions
{
    public const string SectionName = "Limits";

    /// <summary>Upper bound for <see cref="MaxImagePixels"/>: one 1-gigapixel RGB image is already 3 GB decoded.</summary>
    public const long MaxImagePixelsLimit = 1_000_000_000;

    /// <summary>Largest width x height accepted, checked from the header before decoding (decompression bombs).</summary>
    [Range(1, MaxImagePixelsLimit)]
    public long MaxImagePixels { get; set; } = ImagePreprocessor.DefaultMaxPixels;
}
