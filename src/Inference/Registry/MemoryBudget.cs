using System.Globalization;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// The bytes loaded models may hold together (Models:MaxMemoryBytes), and where the default came from: a share of the
/// container's memory limit (cgroup v2 <c>memory.max</c>, or v1 <c>memory.limit_in_bytes</c>) or of the machine's memory.
/// </summary>
/// <param name="Bytes">The budget.</param>
/// <param name="Source">How it was chosen, for the start-up log.</param>
public sealed record MemoryBudget(long Bytes, string Source)
{
    /// <summary>
    /// The share of the memory limit the default budget gives to models: the rest is the runtime, libtorch and ONNX Runtime
    /// themselves (~0.5 GB), request buffers, and the second copy a hot reload holds while the old version drains.
    /// </summary>
    public const double DefaultShare = 0.5;

    /// <summary>The <see cref="Source"/> of a budget set in configuration rather than derived from a memory limit.</summary>
    public const string ConfiguredSource = "Models:MaxMemoryBytes";

    private const string CgroupRoot = "/sys/fs/cgroup";
    private const string SelfCgroup = "/proc/self/cgroup";

    /// <summary><paramref name="configured"/> when positive, else <see cref="DefaultShare"/> of the detected memory limit.</summary>
    public static MemoryBudget Resolve(long configured) =>
        Resolve(configured, CgroupRoot, SelfCgroup, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>As <see cref="Resolve(long)"/>, with the cgroup file system and the machine's memory given (tests).</summary>
    public static MemoryBudget Resolve(long configured, string cgroupRoot, string selfCgroupFile, long machineBytes)
    {
        if (configured > 0) return new MemoryBudget(configured, ConfiguredSource);
        var (limit, source) = ContainerLimit(cgroupRoot, selfCgroupFile) is { } container && container.Bytes < machineBytes
            ? container
            : (machineBytes, "the machine's memory");
        return new MemoryBudget((long)(limit * DefaultShare), $"{DefaultShare:P0} of {Describe(limit)}, {source}");
    }

    /// <summary>Whether Models:MaxMemoryBytes set this budget, so that raising the memory limit would not change it.</summary>
    public bool IsConfigured => Source == ConfiguredSource;

    /// <summary>Megabytes, as the logs and problems show sizes.</summary>
    public static string Describe(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0} MB");

    private static (long Bytes, string Source)? ContainerLimit(string cgroupRoot, string selfCgroupFile)
    {
        // cgroup v2: the process's own group (its path in /proc/self/cgroup's "0::" line), then the namespace root.
        var own = File.Exists(selfCgroupFile)
            ? File.ReadLines(selfCgroupFile).FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..]
            : null;
        foreach (var file in new[] { own is null ? null : Path.Join(cgroupRoot, own, "memory.max"), Path.Join(cgroupRoot, "memory.max") })
        {
            if (file is not null && ReadLimit(file) is { } v2) return (v2, $"the cgroup limit in {file}");
        }
        var v1File = Path.Join(cgroupRoot, "memory", "memory.limit_in_bytes");
        return ReadLimit(v1File) is { } v1 ? (v1, $"the cgroup limit in {v1File}") : null;
    }

    /// <summary>A limit file's bytes; null when absent, unreadable or "max" (no limit).</summary>
    private static long? ReadLimit(string file)
    {
        try
        {
            return File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                && bytes > 0 ? bytes : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
