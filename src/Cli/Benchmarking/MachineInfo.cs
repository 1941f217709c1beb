using System.Runtime.InteropServices;

namespace ResNeXt.Cli.Benchmarking;

/// <summary>
/// What a reader needs to judge a result: the processor, the cores, and the load average before and after, since on a
/// shared machine other work competes for the same cores and only side-by-side ratios stay meaningful.
/// </summary>
internal sealed record MachineInfo(string Processor, int LogicalCores, string Os, string Runtime, string LoadAverage)
{
    private const string CpuInfo = "/proc/cpuinfo";
    private const string LoadAverageFile = "/proc/loadavg";
    private const string ModelNameKey = "model name";

    public static MachineInfo Current() => new(ProcessorName(), Environment.ProcessorCount, RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, CurrentLoadAverage());

    /// <summary>The 1, 5 and 15 minute load averages, or "unknown" off Linux.</summary>
    public static string CurrentLoadAverage() =>
        File.Exists(LoadAverageFile) ? string.Join(' ', File.ReadAllText(LoadAverageFile).Split(' ').Take(3)) : "unknown";

    private static string ProcessorName()
    {
        if (!File.Exists(CpuInfo))
            return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith(ModelNameKey, StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
