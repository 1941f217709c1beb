using ResNeXt.Inference.Tests.Reference;

namespace ResNeXt.Resilience.Tests.Infrastructure;

/// <summary>The service binary and the golden files the scenarios use.</summary>
public static class ResilienceFiles
{
    public const string ModelName = "tiny";
    public const string CheckpointFileName = "tiny.pth";

    /// <summary>Built by the ProjectReference in the csproj, in the same configuration as this test assembly.</summary>
    public static string ApiAssembly =>
        typeof(ResilienceFiles).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ApiAssemblyPath").Value!;

    /// <summary>The reduced-width 10-class reference model (tests/reference/make_models.py).</summary>
    public static string TinyCheckpoint() => ReferenceData.Require("models", ModelName, CheckpointFileName);

    /// <summary>The same model with a different head, changing every answer (tests/reference/make_pipeline.py).</summary>
    public static string TinyVersion2Checkpoint() => ReferenceData.Require("pipeline", "tiny_v2.pth");

    /// <summary>Real photographs from the preprocessing reference set: the probe and the seeds of the bad-input barrage.</summary>
    public static IReadOnlyList<byte[]> Images() =>
        [.. Directory.GetFiles(ReferenceData.Require("preprocessing"), "*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
}
