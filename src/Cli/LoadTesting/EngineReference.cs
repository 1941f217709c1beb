using System.Text.Json;
using ResNeXt.Cli.Benchmarking;
using ResNeXt.Cli.Benchmarking.Engine;
using ResNeXt.Cli.Output;

namespace ResNeXt.Cli.LoadTesting;

/// <summary>The bare engine's median throughput at one batch size, from an engine.json of <c>resnext bench engine --out</c>.</summary>
/// <param name="Threads">The engine run's intra-op threads; compare only with a service at the same Batching:IntraOpThreads.</param>
internal sealed record EngineReference(string EngineJson, int BatchSize, int Threads, double ImagesPerSecond)
{
    /// <summary>
    /// Reads the figure before any load runs, so a file without that batch size fails at once rather than after the
    /// whole test. Only the figures needed are read, by the report records' own member names.
    /// </summary>
    public static EngineReference Read(string engineJson, int batchSize)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(engineJson));
        var root = document.RootElement;
        var batch = root.TryGetProperty(Json(nameof(EngineBenchReport.Batches)), out var batches)
            ? batches.EnumerateArray().FirstOrDefault(b => b.GetProperty(Json(nameof(BatchResult.BatchSize))).GetInt32() == batchSize)
            : throw new LoadTestException($"{engineJson} is not an engine.json of resnext bench engine (no batches).");
        if (batch.ValueKind != JsonValueKind.Object)
            throw new LoadTestException($"{engineJson} has no batch {batchSize}; rerun resnext bench engine with --batch {batchSize}.");
        var median = batch.GetProperty(Json(nameof(BatchResult.ImagesPerSecond))).GetProperty(Json(nameof(Spread.Median))).GetDouble();
        return new EngineReference(engineJson, batchSize, root.GetProperty(Json(nameof(EngineBenchReport.Threads))).GetInt32(), median);
    }

    private static string Json(string member) => CliJson.SerializerOptions.PropertyNamingPolicy!.ConvertName(member);
}
