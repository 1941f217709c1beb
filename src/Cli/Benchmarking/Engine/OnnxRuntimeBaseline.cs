using System.Text.Json;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// benchmarks/OnnxRuntimeBaseline, built separately so ONNX Runtime (Microsoft.ML.OnnxRuntime) never becomes a
/// dependency of the CLI; it takes bench_engine.py's timing arguments and prints the same JSON.
/// </summary>
internal sealed class OnnxRuntimeBaseline(string assemblyPath) : IBaselineProgram
{
    private const string RelativePath = "benchmarks/OnnxRuntimeBaseline/bin/Release/net10.0/linux-x64/ort-baseline.dll";
    private const string BuildCommand = "dotnet build benchmarks/OnnxRuntimeBaseline -c Release";

    public static OnnxRuntimeBaseline Locate() =>
        new(RepositoryFile.Require(RelativePath, $"build it first: {BuildCommand}"));

    public JsonElement Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        JsonProcess.Run("dotnet", [assemblyPath, .. arguments], "ort-baseline", environment);
}
