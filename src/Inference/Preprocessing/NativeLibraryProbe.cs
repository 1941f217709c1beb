using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Preprocessing;

/// <summary>Decides once per process whether an optional native decoder library can be used, and says why not.</summary>
internal static class NativeLibraryProbe
{
    /// <param name="library">The shared object's soname.</param>
    /// <param name="requiredExport">An export the decoder needs; older builds without it count as missing.</param>
    /// <param name="package">The Debian package that installs it.</param>
    /// <param name="fallback">What happens instead, ending the message.</param>
    /// <returns>Null when the library loads and has the export, else the reason the host logs at start-up.</returns>
    public static string? WhyUnavailable(string library, string requiredExport, string package, string fallback)
    {
        if (!NativeLibrary.TryLoad(library, typeof(NativeLibraryProbe).Assembly, null, out var handle))
        {
            return $"{library} could not be loaded (install {package}); {fallback}";
        }
        return NativeLibrary.TryGetExport(handle, requiredExport, out _)
            ? null
            : $"{library} has no {requiredExport} (too old; install a current {package}); {fallback}";
    }
}
