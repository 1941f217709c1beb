using ResNeXt.Inference.Engine;

namespace ResNeXt.Benchmarks.Startup;

/// <summary>One process start within a round: the service serving <paramref name="Model"/> with a backend, or PyTorch eager.</summary>
/// <param name="Backend">The service's Models:Backend; null for the PyTorch eager baseline, which has no backend.</param>
internal sealed record StartupRun(string Model, EngineBackend? Backend)
{
    /// <summary>
    /// Every start of round <paramref name="round"/> (0-based), once each: models rotate round by round as before, and
    /// within a model the backends and PyTorch rotate too, so no backend always starts first on a model (after the
    /// previous model's process has just freed its memory) or always right after the other's heavy load.
    /// </summary>
    public static IEnumerable<StartupRun> InRound(IReadOnlyList<string> models, IReadOnlyList<EngineBackend> backends, bool pytorch, int round) =>
        RoundOrder.Rotate(models, round).SelectMany(model => RoundOrder.Rotate(Contenders(model, backends, pytorch), round));

    private static List<StartupRun> Contenders(string model, IReadOnlyList<EngineBackend> backends, bool pytorch) =>
        [.. backends.Select(b => new StartupRun(model, b)), .. pytorch ? [new StartupRun(model, null)] : Array.Empty<StartupRun>()];
}
