using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Tests.Preprocessing;

/// <summary>
/// Exact JPEG parity needs libturbojpeg.so.0 (Debian: libturbojpeg0, installed by scripts/install-prerequisites.sh).
/// Without it the service falls back to ImageSharp; a test that needs TurboJPEG skips on a developer machine and
/// fails in CI (<c>CI=true</c>), where a silent fallback would hide the loss of fidelity.
/// </summary>
public static class TurboJpegRequirement
{
    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require()
    {
        if (JpegDecoding.UnavailableReason is not { } reason) return;
        if (InCi) Assert.Fail(reason);
        Assert.Skip(reason);
    }
}
