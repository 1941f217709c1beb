namespace ResNeXt.Benchmarks.Startup;

/// <summary>The service's rounds of one model with one backend, and their summary.</summary>
/// <param name="Backend">As the service's Models:Backend spells it (<see cref="ResNeXt.Inference.Engine.EngineBackendNames"/>).</param>
internal sealed record StartupBackendResult(string Backend, ServiceSummary Service, IReadOnlyList<ServiceRound> ServiceRounds)
{
    public static StartupBackendResult Of(string backend, IReadOnlyList<ServiceRound> rounds) => new(backend, ServiceSummary.Of(rounds), rounds);
}
