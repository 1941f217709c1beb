namespace ResNeXt.Cli.Benchmarking.Preprocessing;

/// <summary>
/// How the Python process's glibc malloc hands memory back. By default it returns freed large blocks to the kernel
/// (munmap, heap trimming), so every image's fresh buffers (Pillow's decoded and resized images, numpy's float
/// temporaries) page-fault again; on a VM that can cost Pillow several times the 500x375 image's actual work. Users
/// run the default, so it is the baseline; <see cref="NoTrim"/> keeps freed memory mapped (glibc tunables, no code
/// change), which the .NET side gets from its buffer pools, and shows how much of a ratio is the allocator alone.
/// </summary>
internal sealed record PillowAllocator(string Name, string ContenderName, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>32 MiB, glibc's largest mmap threshold: every buffer up to a 2000x1500 RGBX image comes from the heap.</summary>
    private const long LargestMmapThreshold = 32L << 20;

    /// <summary>4 GiB: the heap is never trimmed while the benchmark runs.</summary>
    private const long NeverTrim = 4L << 30;

    public static PillowAllocator Default { get; } = new("default", "Pillow + numpy", new Dictionary<string, string>());

    public static PillowAllocator NoTrim { get; } = new("no-trim", "Pillow + numpy (malloc no-trim)", new Dictionary<string, string>
    {
        ["GLIBC_TUNABLES"] = FormattableString.Invariant($"glibc.malloc.mmap_threshold={LargestMmapThreshold}:glibc.malloc.trim_threshold={NeverTrim}"),
    });

    public static IReadOnlyList<PillowAllocator> All { get; } = [Default, NoTrim];
}
