using System.Text.Json.Serialization;

namespace ResNeXt.Benchmarks.Startup;

/// <param name="Service">The command that started the service.</param>
/// <param name="Backends">The service's Models:Backend values measured, in the order each model's results list them.</param>
/// <param name="LoadAverageAfter">Compare with <see cref="MachineInfo.LoadAverage"/> (taken before) to judge contention.</param>
internal sealed record StartupBenchmarkReport(
    string Service,
    IReadOnlyList<string> Backends,
    int Rounds,
    int Concurrency,
    int Waves,
    int Threads,
    [property: JsonPropertyName("torchVersion")] string? TorchVersion,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string LoadAverageAfter,
    IReadOnlyList<StartupModelResult> Models);
