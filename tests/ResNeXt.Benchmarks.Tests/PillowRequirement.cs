using System.Diagnostics;
using ResNeXt.Cli.Benchmarking;

namespace ResNeXt.Benchmarks.Tests;

/// <summary>
/// The preprocessing baseline needs Debian's /usr/bin/python3 with Pillow and numpy (python3-pil, python3-numpy). A test
/// that runs it skips on a developer machine without them and fails in CI (<c>CI=true</c>), where a silently skipped
/// end-to-end run would hide a broken benchmark.
/// </summary>
public static class PillowRequirement
{
    private static readonly Lazy<string?> Missing = new(Probe);

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require()
    {
        if (Missing.Value is not { } reason) return;
        if (InCi) Assert.Fail(reason);
        Assert.Skip(reason);
    }

    private static string? Probe()
    {
        var interpreter = PythonScript.DefaultInterpreter;
        if (!File.Exists(interpreter)) return $"{interpreter} does not exist (install python3, python3-pil and python3-numpy).";
        var start = new ProcessStartInfo(interpreter, ["-c", "import PIL, numpy"]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{interpreter} cannot import Pillow and numpy: {error.Trim()}";
    }
}
