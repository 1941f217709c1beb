namespace ResNeXt.Cli.LoadTesting;

/// <param name="Url">The service's base address, e.g. http://127.0.0.1:8080.</param>
/// <param name="Requests">Requests per offline point; when set it replaces <paramref name="Duration"/>.</param>
/// <param name="Warmup">Untimed closed-loop load before each offline point, at that point's concurrency.</param>
/// <param name="P99BoundMs">Server search bound; null means 3x the concurrency-1 median latency.</param>
/// <param name="LoadFraction">The server run after the search offers this fraction of the offline maximum.</param>
/// <param name="SearchSteps">Bisection steps between 0 and the offline maximum.</param>
/// <param name="ServerDuration">Length of the Poisson schedule per server point at its rate ...</param>
/// <param name="MinQueries">... but never fewer arrivals than this, so a p99 rests on enough samples.</param>
/// <param name="EngineJsonPath">engine.json of <c>resnext bench engine</c> to compare the offline maximum with.</param>
/// <param name="EngineBatch">Engine batch size to compare with; null means the service's Batching:MaxBatchSize.</param>
internal sealed record LoadTestSettings(
    Uri Url,
    string Model,
    string ImagePath,
    LoadScenario Scenario,
    IReadOnlyList<int> Concurrency,
    TimeSpan Duration,
    int? Requests,
    TimeSpan Warmup,
    double? P99BoundMs,
    double LoadFraction,
    int SearchSteps,
    TimeSpan ServerDuration,
    int MinQueries,
    int Seed,
    TimeSpan RequestTimeout,
    string? EngineJsonPath,
    int? EngineBatch);
