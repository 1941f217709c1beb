namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// The glibc malloc policy Pillow is timed under: the default users run (the baseline), or <see cref="MallocTunables.NoTrim"/>,
/// which on a VM removes several times the 500x375 image's actual work from Pillow's figure.
/// </summary>
internal sealed record PillowAllocator(string Name, string ContenderName, IReadOnlyDictionary<string, string> Environment)
{
    public static PillowAllocator Default { get; } = new("default", "Pillow + numpy", new Dictionary<string, string>());

    public static PillowAllocator NoTrim { get; } = new("no-trim", "Pillow + numpy (malloc no-trim)", MallocTunables.NoTrim);

    public static IReadOnlyList<PillowAllocator> All { get; } = [Default, NoTrim];
}
