using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Which JPEG decoder this process uses, decided once. TurboJPEG is the default because only libjpeg-turbo gives
/// OpenCV's (and so mmpretrain's) pixels; if libturbojpeg.so.0 (Debian: libturbojpeg0) is missing the service still
/// works on ImageSharp, and <see cref="UnavailableReason"/> is the one warning the host should log at start-up.
/// </summary>
public static class JpegDecoding
{
    private static readonly Lazy<string?> Unavailable = new(ProbeTurboJpeg);

    public static JpegBackend Backend => UnavailableReason is null ? JpegBackend.TurboJpeg : JpegBackend.ImageSharp;

    /// <summary>Why TurboJPEG is not used, or null when it is.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    private static string? ProbeTurboJpeg()
    {
        if (!NativeLibrary.TryLoad(TurboJpegNative.LibraryName, typeof(JpegDecoding).Assembly, null, out var library))
        {
            return $"{TurboJpegNative.LibraryName} could not be loaded (install libturbojpeg0); JPEGs are decoded with " +
                   "ImageSharp, whose pixels differ from mmpretrain's OpenCV/libjpeg-turbo decode.";
        }
        if (!NativeLibrary.TryGetExport(library, TurboJpegNative.VersionProbeExport, out _))
        {
            return $"{TurboJpegNative.LibraryName} is older than TurboJPEG 2.0 (no {TurboJpegNative.VersionProbeExport}); " +
                   "JPEGs are decoded with ImageSharp, whose pixels differ from mmpretrain's OpenCV/libjpeg-turbo decode.";
        }
        return null;
    }
}
