using System.Diagnostics;

namespace ResNeXt.Cli.Tests;

/// <summary>
/// The ONNX checker is Debian's python3-onnx on /usr/bin/python3 (installed by scripts/install-prerequisites.sh). A test
/// that runs it skips on a developer machine without it and fails in CI (<c>CI=true</c>), where a silently skipped check
/// would let an invalid exported graph through.
/// </summary>
public static class OnnxCheckerRequirement
{
    public const string Interpreter = "/usr/bin/python3";

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
        if (!File.Exists(Interpreter)) return $"{Interpreter} does not exist (install python3 and python3-onnx).";
        var start = new ProcessStartInfo(Interpreter, ["-c", "import onnx"]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{Interpreter} cannot import onnx (install python3-onnx): {error.Trim()}";
    }
}
