using ResNeXt.Inference.Engine;

namespace ResNeXt.Benchmarks.Startup;

/// <param name="Models">Measured in this order in the first round, rotated by one each round after.</param>
/// <param name="Backends">The service's Models:Backend values, each started once per model per round (see <see cref="StartupRun"/>).</param>
/// <param name="CheckpointDirectory">Holds <c>&lt;model&gt;.pth</c> or <c>&lt;model&gt;/&lt;model&gt;.pth</c> (see <see cref="StartupCheckpoint"/>).</param>
/// <param name="Concurrency">Requests in flight at once after the first prediction: the batch size the service's worker sees.</param>
/// <param name="Waves">How many times <paramref name="Concurrency"/> requests are sent before the steady-state memory is read.</param>
/// <param name="Threads">Intra-op threads of the service's model worker and of PyTorch.</param>
/// <param name="PyTorch">The eager baseline script, or null to measure the service alone.</param>
internal sealed record StartupBenchmarkSettings(
    IReadOnlyList<string> Models,
    IReadOnlyList<EngineBackend> Backends,
    string CheckpointDirectory,
    ServiceCommand Service,
    int Rounds,
    int Concurrency,
    int Waves,
    int Threads,
    TimeSpan ReadyTimeout,
    PythonScript? PyTorch);
