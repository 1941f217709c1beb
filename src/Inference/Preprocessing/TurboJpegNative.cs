using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// The part of libjpeg-turbo's TurboJPEG 2.x C API (turbojpeg.h) the decoder needs. Debian 12 ships it as
/// libturbojpeg0 (2.1.5), built from the same source as the libjpeg62-turbo that Pillow and OpenCV link.
/// <c>tjGetErrorStr2</c> returns a pointer into the handle, so it is read, never freed, by the caller.
/// </summary>
internal static partial class TurboJpegNative
{
    public const string LibraryName = "libturbojpeg.so.0";

    /// <summary>An export that only TurboJPEG 2.0 and later have; older libraries cannot tell warnings from errors.</summary>
    public const string VersionProbeExport = "tjGetErrorCode";

    /// <summary><c>TJPF_RGB</c>: packed 8-bit R, G, B.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary><c>TJPF_CMYK</c>: packed 8-bit C, M, Y, K exactly as libjpeg outputs them (Adobe-inverted).</summary>
    public const int PixelFormatCmyk = 11;

    /// <summary><c>TJCS_CMYK</c> and <c>TJCS_YCCK</c>: four-component JPEGs, which TurboJPEG cannot convert to RGB itself.</summary>
    public const int ColorspaceCmyk = 3;
    public const int ColorspaceYcck = 4;

    /// <summary>
    /// No flags: libjpeg's defaults, which Pillow and OpenCV keep — the accurate integer IDCT (JDCT_ISLOW, not
    /// TJFLAG_FASTDCT) and fancy upsampling of subsampled chroma (not TJFLAG_FASTUPSAMPLE).
    /// </summary>
    public const int LibjpegDefaults = 0;

    /// <summary><c>TJERR_WARNING</c>: the image was decoded completely despite the complaint.</summary>
    public const int ErrorWarning = 0;

    /// <summary>Whole rows packed without padding.</summary>
    public const int PackedPitch = 0;

    [LibraryImport(LibraryName, EntryPoint = "tjInitDecompress")]
    public static partial TurboJpegHandle InitDecompress();

    [LibraryImport(LibraryName, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompressHeader3")]
    public static unsafe partial int DecompressHeader(
        TurboJpegHandle handle, byte* jpeg, CULong jpegSize, out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompress2")]
    public static unsafe partial int Decompress(
        TurboJpegHandle handle, byte* jpeg, CULong jpegSize, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorStr2")]
    public static partial nint GetErrorString(TurboJpegHandle handle);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorCode")]
    public static partial int GetErrorCode(TurboJpegHandle handle);
}
