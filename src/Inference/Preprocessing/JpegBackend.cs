namespace ResNeXt.Inference.Preprocessing;

/// <summary>Which library decodes JPEGs; both give libjpeg-turbo's default pixels (accurate integer IDCT, fancy upsampling).</summary>
public enum JpegBackend
{
    /// <summary>libjpeg-turbo through TurboJPEG: the same decoder and settings as OpenCV in mmpretrain, and the fastest.</summary>
    TurboJpeg,

    /// <summary>
    /// LibJpeg.NET (managed, no system library) with libjpeg-turbo's upsampling and colour conversion
    /// (<see cref="LibJpegDecoder"/>): used when libturbojpeg cannot be loaded; the same pixels, decoded more slowly.
    /// </summary>
    LibJpegNet,
}
