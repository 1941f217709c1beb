using ResNeXt.Cli.Benchmarking;

namespace ResNeXt.Cli.LoadTesting;

/// <param name="Batch1LatencyMs">Median latency at concurrency 1, where every batch holds one image; null without that point.</param>
/// <param name="OfflineMaxImagesPerSecond">The highest throughput of the offline sweep.</param>
/// <param name="LoadAverageAfter">Compare with the machine's load average before to judge contention.</param>
internal sealed record LoadTestReport(
    LoadTestSettings Settings,
    string ContentType,
    long ImageBytes,
    ServiceModelStatus Service,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string LoadAverageAfter,
    IReadOnlyList<LoadPoint> Offline,
    double OfflineMaxImagesPerSecond,
    double? Batch1LatencyMs,
    ServerScenarioResult? Server,
    EngineComparison? Engine)
{
    /// <summary>Errors of every measured point (warm-up excluded); issue 5 asks for zero.</summary>
    public int TotalErrors => Offline.Concat(Server?.Search.Select(s => s.Result) ?? []).Concat(Server is null ? [] : [Server.AtLoadFraction]).Sum(p => p.Errors.Total);
}
