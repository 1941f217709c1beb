namespace ResNeXt.Inference.Preprocessing;

/// <summary>Which library decodes JPEGs.</summary>
public enum JpegBackend
{
    /// <summary>libjpeg-turbo through TurboJPEG: the same decoder and settings as OpenCV in mmpretrain, bit for bit.</summary>
    TurboJpeg,

    /// <summary>
    /// ImageSharp's managed decoder, used only when libturbojpeg cannot be loaded: its IDCT and its chroma upsampling
    /// (no "fancy" interpolation) differ from libjpeg-turbo by up to tens of levels on 4:2:0 photos.
    /// </summary>
    ImageSharp,
}
