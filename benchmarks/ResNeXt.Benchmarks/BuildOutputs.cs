using System.Reflection;

namespace ResNeXt.Benchmarks;

/// <summary>
/// The builds this project depends on without referencing them (the raw ONNX Runtime baseline, the service), at the
/// paths its csproj recorded for the configuration it was built in: <c>dotnet run -c Release</c> builds and finds the
/// Release ones, a Debug test run the Debug ones.
/// </summary>
internal static class BuildOutputs
{
    public static string OnnxRuntimeBaseline => Path("OnnxRuntimeBaselineAssemblyPath");

    public static string Service => Path("ServiceAssemblyPath");

    private static string Path(string key) =>
        typeof(BuildOutputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The benchmarks assembly has no {key}.");
}
