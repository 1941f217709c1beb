using System.Text.Json;

namespace ResNeXt.Benchmarks;

/// <summary>
/// A baseline that runs in its own process (a repository Python script, the ONNX Runtime runner) and prints one JSON
/// object on stdout per run: own process, own thread pool, nothing shared with the runtime it is compared with.
/// </summary>
internal interface IBaselineProgram
{
    /// <param name="environment">Variables set for the child on top of this process's own.</param>
    JsonElement Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null);
}
