using System.Diagnostics;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Cli.Benchmarking.Engine;

/// <summary>
/// Times <see cref="IBatchRunner.Run"/> with logits only, whatever the backend: the input copy into the runtime, the
/// forward pass and the copy of the logits back, as the batching worker pays them. The input is fixed per batch size,
/// so every round (and every engine timed with the same seed) is fed the same bytes.
/// </summary>
internal sealed class EngineTimer(IBatchRunner engine)
{
    private const int InputSeed = 20240601;

    private readonly Dictionary<int, float[]> inputs = [];

    /// <summary>Seconds per forward pass of each of <paramref name="iterations"/> timed passes, after <paramref name="warmup"/> untimed ones.</summary>
    public double[] Measure(int batch, int warmup, int iterations)
    {
        var input = InputFor(batch);
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
}
