using System.Text.Json;

namespace ResNeXt.Benchmarks;

/// <summary>
/// One of the repository's Python baselines (tests/reference/bench_*.py) run with Debian's interpreter, which is the
/// one that has torch, torchvision, Pillow and numpy; it prints a single JSON object on stdout.
/// </summary>
internal sealed class PythonScript(string interpreter, string scriptPath) : IBaselineProgram
{
    public const string DefaultInterpreter = "/usr/bin/python3";

    private const string ScriptFolder = "tests/reference";

    public string Interpreter { get; } = interpreter;

    public string ScriptPath { get; } = scriptPath;

    public static PythonScript Locate(string interpreter, string scriptName) =>
        new(interpreter, RepositoryFile.Require(Path.Combine(ScriptFolder, scriptName), "run the benchmark from a clone of the repository."));

    public JsonElement Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        JsonProcess.Run(Interpreter, [ScriptPath, .. arguments], Path.GetFileName(ScriptPath), environment);
}
