using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>
/// Exact JPEG parity needs libturbojpeg.so.0 (Debian: libturbojpeg0) and the fast PNG path libdeflate.so.0 (libdeflate0),
/// both installed by scripts/install-prerequisites.sh. Without them the service falls back to managed decoders; a test
/// that needs the library skips on a developer machine and fails in CI (<c>CI=true</c>), where a silent fallback would
/// hide the loss of fidelity or speed.
/// </summary>
public static class NativeDecoderRequirement
{
    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void RequireTurboJpeg() => Require(JpegDecoding.UnavailableReason);

    public static void RequireLibDeflate() => Require(PngDecoding.UnavailableReason);

    private static void Require(string? unavailableReason)
    {
        if (unavailableReason is null) return;
        if (InCi) Assert.Fail(unavailableReason);
        Assert.Skip(unavailableReason);
    }
}
