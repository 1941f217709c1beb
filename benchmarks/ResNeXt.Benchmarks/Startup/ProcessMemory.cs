using System.Globalization;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>
/// A process's resident memory from Linux's <c>/proc/&lt;pid&gt;/status</c>: <c>VmHWM</c>, the high-water mark since the
/// process started (the figure that decides whether it fits a container's memory limit), and <c>VmRSS</c>, what it holds now.
/// </summary>
internal sealed record ProcessMemory(long PeakRssBytes, long RssBytes)
{
    private const string PeakKey = "VmHWM";
    private const string CurrentKey = "VmRSS";
    private const string KibibyteUnit = "kB";
    private const long BytesPerKibibyte = 1024;

    public static ProcessMemory Read(int processId) =>
        Parse(File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"));

    /// <summary>Reads the two fields from the text of a status file, whose sizes the kernel prints in KiB ("kB").</summary>
    /// <exception cref="FormatException">A field is missing or not a size in kB.</exception>
    public static ProcessMemory Parse(string status)
    {
        var fields = status.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
        return new ProcessMemory(Bytes(fields, PeakKey), Bytes(fields, CurrentKey));
    }

    private static long Bytes(Dictionary<string, string> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
            throw new FormatException($"{key} is missing from the process status (not Linux, or a kernel thread).");
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [var number, KibibyteUnit] || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kibibytes))
            throw new FormatException($"{key} is '{value}', not a size in {KibibyteUnit}.");
        return kibibytes * BytesPerKibibyte;
    }
}
