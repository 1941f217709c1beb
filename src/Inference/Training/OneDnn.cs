using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Training;

/// <summary>
/// Switches libtorch's oneDNN (mkldnn) CPU kernels off for a while. libtorch 2.10's oneDNN picks its brgemm
/// backward-data convolution from the CPU's cache sizes, and on virtual machines that report them as zero (seen on
/// an AMD EPYC VM) <c>brg_blocking_t::est_eff_1x1</c> divides by zero and kills the process with SIGFPE during the
/// first backward pass of a full-size ResNeXt. Without oneDNN libtorch uses its native convolutions: slower, same maths.
/// TorchSharp exposes no switch, so this calls <c>at::globalContext().setUserEnabledMkldnn</c> (the C++ behind
/// Python's <c>torch.backends.mkldnn.enabled</c>) directly. The setting is process-wide.
/// </summary>
public static partial class OneDnn
{
    private const string Library = "libtorch_cpu";
    private const string CacheTopologyFolder = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>
    /// False on Linux machines whose (virtual) CPU hides its cache hierarchy: the kernel then lists no caches under
    /// /sys/devices/system/cpu/cpu0/cache, and oneDNN, reading the same CPUID leaves, divides by the missing sizes.
    /// </summary>
    public static bool CpuReportsCacheSizes { get; } = !OperatingSystem.IsLinux() || Directory.Exists(CacheTopologyFolder);

    /// <summary>Disables oneDNN until the returned scope is disposed.</summary>
    internal static IDisposable Disable()
    {
        var context = GlobalContext();
        var wasEnabled = UserEnabledMkldnn(context);
        SetUserEnabledMkldnn(context, false);
        return new Restore(context, wasEnabled);
    }

    [LibraryImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(IntPtr context);

    [LibraryImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    private sealed class Restore(IntPtr context, bool enabled) : IDisposable
    {
        public void Dispose() => SetUserEnabledMkldnn(context, enabled);
    }
}
