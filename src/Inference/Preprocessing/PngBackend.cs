namespace ResNeXt.Inference.Preprocessing;

/// <summary>Which code decodes PNGs; PNG is lossless, so both give the same pixels.</summary>
public enum PngBackend
{
    /// <summary>
    /// libdeflate inflates and <see cref="LibDeflatePngDecoder"/> unfilters plain 8-bit grey, grey + alpha, RGB and RGBA
    /// PNGs (non-interlaced, no EXIF); every other PNG still goes to ImageSharp.
    /// </summary>
    LibDeflate,

    /// <summary>ImageSharp's PNG decoder for every PNG: used when libdeflate cannot be loaded.</summary>
    ImageSharp,
}
