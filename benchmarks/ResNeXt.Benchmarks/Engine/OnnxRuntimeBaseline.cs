using System.Text.Json;

namespace ResNeXt.Benchmarks.Engine;

/// <summary>
/// benchmarks/OnnxRuntimeBaseline: raw ONNX Runtime (the central Microsoft.ML.OnnxRuntime version, the one the service
/// ships) in its own process, so it never shares a thread pool or an address space with our engine's ORT session; it
/// takes bench_engine.py's timing arguments and prints the same JSON.
/// </summary>
internal sealed class OnnxRuntimeBaseline(string assemblyPath) : IBaselineProgram
{
    private const string BuildCommand = "dotnet build benchmarks/OnnxRuntimeBaseline -c Release";

    /// <summary>The build next to this one (same configuration); building this project builds it too.</summary>
    public static OnnxRuntimeBaseline Locate() =>
        File.Exists(BuildOutputs.OnnxRuntimeBaseline)
            ? new(BuildOutputs.OnnxRuntimeBaseline)
            : throw new FileNotFoundException($"{BuildOutputs.OnnxRuntimeBaseline} does not exist: build it with '{BuildCommand}'.");

    public JsonElement Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        JsonProcess.Run("dotnet", [assemblyPath, .. arguments], "ort-baseline", environment);
}
