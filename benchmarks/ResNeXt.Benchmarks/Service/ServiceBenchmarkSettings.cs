using ResNeXt.Benchmarks.Startup;

namespace ResNeXt.Benchmarks.Service;

/// <param name="Model">The catalogue model under test; a second name for the same checkpoint makes the "two models" pair.</param>
/// <param name="CheckpointPath">Its official-layout checkpoint.</param>
/// <param name="ImagePath">The encoded image every request uploads and every PyTorch + Pillow batch decodes.</param>
/// <param name="OnnxModelPath">The torch.onnx export of the same checkpoint that raw ONNX Runtime runs.</param>
/// <param name="Concurrency">Requests in flight per busy model (offline), and the baselines' batch size.</param>
/// <param name="Duration">Timed closed-loop load per service measurement.</param>
/// <param name="Warmup">Untimed load before each service measurement.</param>
/// <param name="ServiceWarmup">Untimed load on every model a phase measures, once per service process before its first
/// measurement: a fresh .NET process recompiles its hot request path, optimised, during its first seconds under load.</param>
/// <param name="BaselineIterations">Timed batches per baseline round (after <paramref name="BaselineWarmup"/> untimed ones).</param>
/// <param name="Threads">Threads of both baselines: every core, what the service uses on its defaults.</param>
/// <param name="ServiceSettings">Extra environment for the service, e.g. Batching__AllowSpinning=false; empty runs its defaults.</param>
internal sealed record ServiceBenchmarkSettings(
    string Model,
    string CheckpointPath,
    string ImagePath,
    string OnnxModelPath,
    ServiceCommand Service,
    PythonScript PyTorchPillow,
    int Rounds,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan ServiceWarmup,
    int BaselineWarmup,
    int BaselineIterations,
    int Threads,
    TimeSpan ServerDuration,
    int SearchSteps,
    int MinQueries,
    TimeSpan ReadyTimeout,
    IReadOnlyDictionary<string, string> ServiceSettings)
{
    /// <summary>The name the same checkpoint is served under a second time, for two models busy at once.</summary>
    public string SecondModel => Model + "-second";
}
