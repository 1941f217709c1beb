using System.Diagnostics;

namespace ResNeXt.Inference.Tests.Reference;

/// <summary>
/// A Python interpreter that must import some modules for a test to run (Debian packages, installed by
/// scripts/install-prerequisites.sh). Probed once; when it cannot, the test skips on a developer machine and fails in CI,
/// as <see cref="ReferenceData"/> does for missing reference files.
/// </summary>
public sealed class PythonRequirement(string interpreter, string modules, string packages)
{
    private readonly Lazy<string?> _missing = new(() => Probe(interpreter, modules, packages));

    public string Interpreter => interpreter;

    public void Require()
    {
        if (_missing.Value is { } reason)
            ReferenceData.Unavailable(reason);
    }

    private static string? Probe(string interpreter, string modules, string packages)
    {
        if (!File.Exists(interpreter)) return $"{interpreter} does not exist (install python3 and {packages}).";
        var start = new ProcessStartInfo(interpreter, ["-c", $"import {modules}"]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{interpreter} cannot import {modules} (install {packages}): {error.Trim()}";
    }
}
