using System.Text.Json;
using ResNeXt.Cli.Benchmarking.Engine;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>
/// The service's best offline throughput against the bare engine's at the batch size the service batches to
/// (<c>resnext bench engine</c>'s median): what HTTP, decoding, preprocessing and queueing cost on top of the forward pass.
/// </summary>
/// <param name="EngineThreads">The engine run's intra-op threads; compare only with a service run at the same Batching:IntraOpThreads.</param>
internal sealed record EngineComparison(
    string EngineJson,
    int BatchSize,
    int EngineThreads,
    double EngineImagesPerSecond,
    double ServiceImagesPerSecond,
    double Target)
{
    public double Ratio => ServiceImagesPerSecond / EngineImagesPerSecond;

    public bool MeetsTarget => Ratio >= Target;

    /// <summary>Reads the engine's median img/s at <paramref name="batchSize"/> from an engine.json written by <c>resnext bench engine</c>.</summary>
    public static EngineComparison From(string engineJson, int batchSize, double serviceImagesPerSecond, double target)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(engineJson));
        var root = document.RootElement;
        var engine = root.GetProperty("contenders").EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("name").GetString() == EngineBenchmark.Engine);
        if (engine.ValueKind != JsonValueKind.Object)
            throw new LoadTestException($"{engineJson} has no '{EngineBenchmark.Engine}' results.");
        var batch = engine.GetProperty("batches").EnumerateArray().FirstOrDefault(b => b.GetProperty("batchSize").GetInt32() == batchSize);
        if (batch.ValueKind != JsonValueKind.Object)
            throw new LoadTestException($"{engineJson} has no batch {batchSize}; rerun resnext bench engine with --batch {batchSize}.");
        return new EngineComparison(engineJson, batchSize, root.GetProperty("threads").GetInt32(),
            batch.GetProperty("imagesPerSecond").GetProperty("median").GetDouble(), serviceImagesPerSecond, target);
    }
}
