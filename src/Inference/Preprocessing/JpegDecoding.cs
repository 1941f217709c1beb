namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Which JPEG decoder this process uses, decided once. TurboJPEG is the default because only libjpeg-turbo gives
/// OpenCV's (and so mmpretrain's) pixels fast; if libturbojpeg.so.0 (Debian: libturbojpeg0) is missing the service
/// decodes the same pixels with LibJpeg.NET, more slowly, and <see cref="UnavailableReason"/> is what the host logs at start-up.
/// </summary>
public static class JpegDecoding
{
    private static readonly Lazy<string?> Unavailable = new(ProbeTurboJpeg);

    public static JpegBackend Backend => UnavailableReason is null ? JpegBackend.TurboJpeg : JpegBackend.LibJpegNet;

    /// <summary>Why TurboJPEG is not used, or null when it is.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    private static string? ProbeTurboJpeg() => NativeLibraryProbe.WhyUnavailable(
        TurboJpegNative.LibraryName, TurboJpegNative.VersionProbeExport, "libturbojpeg0",
        "JPEGs are decoded with the managed LibJpeg.NET decoder: the same pixels, decoded more slowly.");
}
