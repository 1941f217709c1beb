using System.Globalization;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>A process's resident memory and thread count, read from Linux's /proc/&lt;pid&gt;/status.</summary>
public sealed record ProcessSample(long RssBytes, int Threads)
{
    private const long BytesPerKibibyte = 1024;

    public static ProcessSample Read(int processId)
    {
        var fields = File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
        var rssKibibytes = long.Parse(fields["VmRSS"].Split(' ')[0], CultureInfo.InvariantCulture);
        return new ProcessSample(rssKibibytes * BytesPerKibibyte, int.Parse(fields["Threads"], CultureInfo.InvariantCulture));
    }
}
