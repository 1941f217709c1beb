namespace ResNeXt.Benchmarks;

/// <summary>
/// glibc malloc settings for a baseline's process, through GLIBC_TUNABLES (no code change in the baseline). By default
/// glibc hands freed large blocks back to the kernel (munmap, heap trimming), so every image or forward pass faults its
/// buffers in afresh; on these VMs that is a large share of the work. Users run the default, so it stays the baseline;
/// <see cref="NoTrim"/> keeps freed memory mapped, which the .NET side gets from its buffer pools and from
/// <see cref="Inference.Engine.GlibcAllocator"/>, and shows how much of a ratio is the allocator alone.
/// </summary>
internal static class MallocTunables
{
    /// <summary>32 MiB, glibc's largest mmap threshold: every buffer up to a 2000x1500 RGBX image or a batch-8 activation comes from the heap.</summary>
    private const long LargestMmapThreshold = 32L << 20;

    /// <summary>4 GiB: the heap is never trimmed while the benchmark runs.</summary>
    private const long NeverTrim = 4L << 30;

    public static IReadOnlyDictionary<string, string> NoTrim { get; } = new Dictionary<string, string>
    {
        ["GLIBC_TUNABLES"] = FormattableString.Invariant($"glibc.malloc.mmap_threshold={LargestMmapThreshold}:glibc.malloc.trim_threshold={NeverTrim}"),
    };
}
