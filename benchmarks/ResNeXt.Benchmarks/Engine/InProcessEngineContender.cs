using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using ResNeXt.Cli.Benchmarking.Engine;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Benchmarks.Engine;

/// <summary>
/// Our engine with one backend, loaded through <see cref="EngineFactory"/> as the service loads it and timed through
/// <see cref="IBatchRunner.Run"/> with logits only (the CLI's <see cref="EngineTimer"/>): the input copy in, the forward
/// pass and the logits back, as the batching worker pays them. With an allocator policy, each round first sets the
/// process's glibc policy (<see cref="GlibcAllocator"/>) to it, so the TorchSharp backend's serving default and glibc's
/// own defaults can alternate in one process; the ONNX Runtime backend has its own arena and leaves the policy alone.
/// </summary>
internal sealed class InProcessEngineContender : IEngineContender
{
    private readonly IInferenceEngine engine;
    private readonly EngineTimer timer;
    private readonly bool ownsEngine;
    private readonly bool? retainActivationMemory;

    /// <param name="retainActivationMemory">The allocator policy to set every round; null leaves it as it is.</param>
    public InProcessEngineContender(string name, string checkpointPath, ResNeXtEngineOptions options, bool? retainActivationMemory)
    {
        Name = name;
        this.retainActivationMemory = retainActivationMemory;
        ownsEngine = true;
        var stopwatch = Stopwatch.StartNew();
        // A contender with a policy sets it itself every round, so the engine must not set it on its first pass.
        engine = EngineFactory.Load(checkpointPath, retainActivationMemory is null ? options : options with { RetainActivationMemory = false });
        LoadSeconds = stopwatch.Elapsed.TotalSeconds;
        timer = new EngineTimer(engine);
        Runtime = RuntimeOf(engine.Backend);
    }

    private InProcessEngineContender(string name, InProcessEngineContender owner, bool retainActivationMemory)
    {
        Name = name;
        this.retainActivationMemory = retainActivationMemory;
        engine = owner.engine;
        timer = owner.timer;
        LoadSeconds = owner.LoadSeconds;
        Runtime = owner.Runtime;
    }

    /// <summary>The same engine and inputs under another allocator policy: one copy of the weights, the same bytes fed.</summary>
    public InProcessEngineContender WithAllocatorPolicy(string name, bool retainActivationMemory) => new(name, this, retainActivationMemory);

    public string Name { get; }

    public double LoadSeconds { get; }

    public string Runtime { get; }

    public Inference.Model.ResNeXtSpec Spec => engine.Spec;

    public string Sha256 => engine.Sha256 ?? throw new InvalidOperationException("A loaded checkpoint always has a sha256.");

    public IReadOnlyDictionary<int, double[]> MeasureRound(IReadOnlyList<int> batchSizes, int warmup, int iterations)
    {
        if (retainActivationMemory is { } retain)
            GlibcAllocator.Configure(retain);
        return batchSizes.ToDictionary(batch => batch, batch => timer.Measure(batch, warmup, iterations));
    }

    /// <summary>The ONNX Runtime this process loaded (the one the service ships), or the TorchSharp package's version.</summary>
    private static string RuntimeOf(EngineBackend backend) => backend == EngineBackend.OnnxRuntime
        ? $"onnxruntime {OrtEnv.Instance().GetVersionString()}"
        : $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}";

    public void Dispose()
    {
        if (ownsEngine)
            engine.Dispose();
    }
}
