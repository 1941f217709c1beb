using System.Runtime.InteropServices;

namespace ResNeXt.Inference.Engine;

/// <summary>
/// Keeps freed activation memory in the process instead of giving it back to the kernel after every layer.
/// libtorch's CPU allocator is glibc malloc. By default glibc serves blocks above a dynamic threshold with fresh mmaps
/// and trims the heap top when more than twice that threshold is free, so at batch 8 (ResNeXt-50 activations up to
/// 25 MB each) every forward pass maps, faults in and zeroes hundreds of MB of new pages. Fixing the mmap threshold at
/// glibc's maximum, never trimming, and not serving blocks with their own mmaps at all (glibc then carves blocks of up to
/// 64 MB, a batch-16 activation, out of its heaps and still maps anything larger) keeps those pages mapped for the next
/// pass; the resident set then stays at the peak of the largest batch, which a server sized for that batch pays anyway.
/// No-op where malloc is not glibc's.
/// </summary>
public static partial class GlibcAllocator
{
    // mallopt parameters from glibc's malloc.h.
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;
    private const int MmapMaxParameter = -4;

    /// <summary>glibc's ceiling for M_MMAP_THRESHOLD on 64-bit (4 * 1024 * 1024 * sizeof(long)); larger values are refused.</summary>
    private const int MaxMmapThreshold = 32 * 1024 * 1024;

    // glibc's own defaults, restored by Configure(false) so a benchmark can compare both in one process.
    private const int DefaultMmapThreshold = 128 * 1024;
    private const int DefaultTrimThreshold = 128 * 1024;
    private const int DefaultMmapMax = 65536;

    private const string LibraryName = "libc";

    /// <summary>True when the last call took effect (glibc accepted both settings).</summary>
    public static bool IsRetaining { get; private set; }

    /// <summary>Process-wide: every thread's allocations follow it from this call on.</summary>
    public static bool Configure(bool retain)
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            var applied = mallopt(MmapThresholdParameter, retain ? MaxMmapThreshold : DefaultMmapThreshold) == 1
                & mallopt(TrimThresholdParameter, retain ? int.MaxValue : DefaultTrimThreshold) == 1
                & mallopt(MmapMaxParameter, retain ? 0 : DefaultMmapMax) == 1;
            IsRetaining = retain && applied;
            return applied;
        }
        catch (EntryPointNotFoundException)
        {
            // musl (Alpine) has no mallopt; its allocator keeps its own policy.
            return false;
        }
    }

    /// <summary>
    /// Gives the kernel back the free memory of every malloc arena. A load runs on a thread of its own, and glibc gives
    /// such threads arenas of their own (up to 8 per core), whose freed pages it keeps: every hot reload of resnext50
    /// left ~150 MB of freed weights, checkpoint buffers and session memory resident, 1.1 GB growing to 4 GB over 20
    /// reloads (1.6 GB with MALLOC_ARENA_MAX=2). Call it after a model's memory was freed. No-op where malloc is not glibc's.
    /// </summary>
    public static void ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            malloc_trim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // musl has no malloc_trim.
        }
    }

    [LibraryImport(LibraryName)]
    private static partial int mallopt(int parameter, int value);

    [LibraryImport(LibraryName)]
    private static partial int malloc_trim(nuint pad);
}
