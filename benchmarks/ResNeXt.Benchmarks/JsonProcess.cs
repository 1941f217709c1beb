using System.Diagnostics;
using System.Text.Json;

namespace ResNeXt.Benchmarks;

/// <summary>Runs a baseline program to completion and parses the single JSON object it prints on stdout.</summary>
internal static class JsonProcess
{
    /// <param name="environment">Variables set for the child on top of this process's own.</param>
    public static JsonElement Run(string program, IEnumerable<string> arguments, string displayName,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        // Both pipes are drained concurrently: a chatty stderr (torch warnings) must not block the child.
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{displayName} exited with {process.ExitCode}: {error.Result.Trim()}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
