using System.Diagnostics;
using System.Text.Json;

namespace ResNeXt.Cli.Benchmarking;

/// <summary>
/// One of the repository's Python baselines (tests/reference/bench_*.py) run with Debian's interpreter, which is the
/// one that has torch, torchvision, Pillow and numpy; it prints a single JSON object on stdout.
/// </summary>
internal sealed class PythonScript(string interpreter, string scriptPath)
{
    public const string DefaultInterpreter = "/usr/bin/python3";

    private const string ScriptFolder = "tests/reference";

    public string Interpreter { get; } = interpreter;

    public string ScriptPath { get; } = scriptPath;

    /// <summary>
    /// The script in the checkout that contains the current directory: the baselines are source files, not shipped with
    /// the CLI, so benchmarks comparing against them run from a clone.
    /// </summary>
    public static PythonScript Locate(string interpreter, string scriptName)
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, ScriptFolder, scriptName);
            if (File.Exists(candidate))
                return new PythonScript(interpreter, candidate);
        }
        throw new FileNotFoundException(
            $"{ScriptFolder}/{scriptName} was not found above {Environment.CurrentDirectory}; run the benchmark from a clone of the repository.");
    }

    /// <param name="environment">Variables set for the child on top of this process's own.</param>
    public JsonElement Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ScriptPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Interpreter}.");
        // Both pipes are drained concurrently: a chatty stderr (torch warnings) must not block the child.
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(ScriptPath)} exited with {process.ExitCode}: {error.Result.Trim()}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
