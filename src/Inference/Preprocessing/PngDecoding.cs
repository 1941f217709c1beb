namespace ResNeXt.Inference.Preprocessing;

/// <summary>
/// Which PNG decoder this process uses, decided once. libdeflate is the default because inflating is most of what
/// decoding a photo PNG costs, and a request's decoding takes cores from the forward pass beside it; if libdeflate.so.0
/// (Debian: libdeflate0) is missing, ImageSharp decodes the same pixels more slowly and <see cref="UnavailableReason"/>
/// is what the host logs at start-up.
/// </summary>
public static class PngDecoding
{
    public const string LibDeflateName = "libdeflate";
    public const string ImageSharpName = "imagesharp";

    private static readonly Lazy<string?> Unavailable = new(ProbeLibDeflate);

    public static PngBackend Backend => UnavailableReason is null ? PngBackend.LibDeflate : PngBackend.ImageSharp;

    /// <summary>Why libdeflate is not used, or null when it is.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    public static string ToName(this PngBackend backend) => backend switch
    {
        PngBackend.LibDeflate => LibDeflateName,
        PngBackend.ImageSharp => ImageSharpName,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Not a PNG decoder."),
    };

    private static string? ProbeLibDeflate() => NativeLibraryProbe.WhyUnavailable(
        LibDeflateNative.LibraryName, LibDeflateNative.ZlibDecompressExport, "libdeflate0",
        "PNGs are decoded with ImageSharp: the same pixels, decoded more slowly.");
}
