using System.Diagnostics;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// The service's engine (<see cref="ResNeXtEngine"/>) timed through <see cref="ResNeXtEngine.Run"/> with logits only: the
/// input copy into libtorch, the forward pass and the copy of the logits back, as the batching worker pays them.
/// Each round first sets the process's allocator policy (<see cref="GlibcAllocator"/>) to this contender's, so the
/// serving default and glibc's own defaults can alternate in one process.
/// </summary>
internal sealed class TorchSharpContender : IEngineContender
{
    private const int InputSeed = 20240601;

    private readonly ResNeXtEngine engine;
    private readonly bool ownsEngine;
    private readonly Dictionary<int, float[]> inputs;
    private readonly bool retainActivationMemory;

    /// <param name="retainActivationMemory">This contender's allocator policy; the serving engine's default is true.</param>
    public TorchSharpContender(string name, string checkpointPath, ResNeXtEngineOptions options, bool retainActivationMemory)
    {
        Name = name;
        this.retainActivationMemory = retainActivationMemory;
        ownsEngine = true;
        inputs = [];
        var stopwatch = Stopwatch.StartNew();
        // The contenders set the policy themselves every round, so the engine must not set it on its first pass.
        engine = ResNeXtEngine.Load(checkpointPath, options with { RetainActivationMemory = false });
        LoadSeconds = stopwatch.Elapsed.TotalSeconds;
    }

    private TorchSharpContender(string name, TorchSharpContender owner, bool retainActivationMemory)
    {
        Name = name;
        this.retainActivationMemory = retainActivationMemory;
        engine = owner.engine;
        inputs = owner.inputs;
        LoadSeconds = owner.LoadSeconds;
    }

    /// <summary>The same engine and inputs under another allocator policy: one copy of the weights, the same bytes fed.</summary>
    public TorchSharpContender WithAllocatorPolicy(string name, bool retainActivationMemory) => new(name, this, retainActivationMemory);

    public string Name { get; }

    public double LoadSeconds { get; }

    public Inference.Model.ResNeXtSpec Spec => engine.Spec;

    public string Sha256 => engine.Sha256 ?? throw new InvalidOperationException("A loaded checkpoint always has a sha256.");

    public IReadOnlyDictionary<int, double[]> MeasureRound(IReadOnlyList<int> batchSizes, int warmup, int iterations)
    {
        GlibcAllocator.Configure(retainActivationMemory);
        return batchSizes.ToDictionary(batch => batch, batch => Measure(InputFor(batch), batch, warmup, iterations));
    }

    private double[] Measure(float[] input, int batch, int warmup, int iterations)
    {
        for (var i = 0; i < warmup; i++)
            engine.Run(input, batch, OutputKinds.Logits);
        var seconds = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            engine.Run(input, batch, OutputKinds.Logits);
            seconds[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        return seconds;
    }

    /// <summary>Normal noise like a normalised image; fixed per batch size so every round feeds the same bytes.</summary>
    private float[] InputFor(int batch)
    {
        if (!inputs.TryGetValue(batch, out var input))
        {
            var random = new Random(InputSeed + batch);
            input = new float[batch * ImageNetPipeline.TensorLength];
            for (var i = 0; i < input.Length; i++)
                input[i] = (float)random.NextDouble() * 2 - 1;
            inputs[batch] = input;
        }
        return input;
    }

    public void Dispose()
    {
        if (ownsEngine)
            engine.Dispose();
    }
}
