namespace ResNeXt.Cli.Benchmarking.Engine;

/// <param name="Rounds">Each round times every contender once, in rotating order.</param>
/// <param name="Iterations">Timed forward passes per batch size per round; the round's figure is their median.</param>
/// <param name="PyTorch">The eager baseline script, or null to time the engine alone.</param>
internal sealed record EngineBenchmarkSettings(
    string Model,
    string CheckpointPath,
    IReadOnlyList<int> BatchSizes,
    int Rounds,
    int Warmup,
    int Iterations,
    int Threads,
    PythonScript? PyTorch,
    bool PyTorchChannelsLast);
