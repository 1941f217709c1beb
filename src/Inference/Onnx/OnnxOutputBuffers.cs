using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ResNeXt.Inference.Engine;

namespace ResNeXt.Inference.Onnx;

/// <summary>
/// The memory ONNX Runtime writes a session's outputs into, kept for the session's lifetime: one pinned array per
/// output, grown to the largest batch seen, and the <see cref="OrtValue"/>s over it cached per batch size and output set.
/// In steady state a batch therefore allocates no output memory, managed or native; the price is that a batch's results
/// are valid only until the next pass (see <see cref="BatchOutputs"/>).
/// </summary>
internal sealed class OnnxOutputBuffers : IDisposable
{
    private readonly Output[] outputs;
    private readonly Dictionary<(int BatchSize, OutputKinds Kinds), OnnxOutputBinding> bindings = [];

    public OnnxOutputBuffers(int numClasses, int featureDim, int mapSide)
    {
        outputs =
        [
            new(OutputKinds.Logits, OnnxTensorNames.Logits, [numClasses]),
            new(OutputKinds.Scores, OnnxTensorNames.Probabilities, [numClasses]),
            new(OutputKinds.Neck, OnnxTensorNames.Features, [featureDim]),
            new(OutputKinds.Backbone, OnnxTensorNames.FeatureMap, [featureDim, mapSide, mapSide]),
        ];
    }

    /// <summary>The output names and values to run a batch of <paramref name="batchSize"/> that asks for <paramref name="kinds"/>.</summary>
    public OnnxOutputBinding Bind(int batchSize, OutputKinds kinds)
    {
        if (bindings.TryGetValue((batchSize, kinds), out var cached))
            return cached;

        var wanted = outputs.Where(o => kinds.HasFlag(o.Kind)).ToArray();
        foreach (var output in wanted.Where(o => o.Capacity < batchSize))
        {
            // Every cached value over the old array dies with it; growth happens a handful of times per session at most.
            DisposeBindingsOf(output.Kind);
            output.Grow(batchSize);
        }

        var binding = new OnnxOutputBinding(
            [.. wanted.Select(o => o.Name)],
            [.. wanted.Select(o => o.ValueFor(batchSize))]);
        bindings[(batchSize, kinds)] = binding;
        return binding;
    }

    /// <summary>The rows the last pass wrote for <paramref name="kind"/>, or null when <paramref name="kinds"/> did not ask for it.</summary>
    public ReadOnlyMemory<float>? Rows(OutputKinds kind, OutputKinds kinds, int batchSize)
    {
        if (!kinds.HasFlag(kind))
            return null;
        var output = outputs.Single(o => o.Kind == kind);
        return output.Data.AsMemory(0, batchSize * output.RowLength);
    }

    private void DisposeBindingsOf(OutputKinds kind)
    {
        foreach (var key in bindings.Keys.Where(k => k.Kinds.HasFlag(kind)).ToArray())
        {
            bindings[key].Dispose();
            bindings.Remove(key);
        }
    }

    public void Dispose()
    {
        foreach (var binding in bindings.Values)
            binding.Dispose();
        bindings.Clear();
    }

    private sealed class Output(OutputKinds kind, string name, long[] rowShape)
    {
        public OutputKinds Kind { get; } = kind;

        public string Name { get; } = name;

        public int RowLength { get; } = (int)rowShape.Aggregate(1L, (a, b) => a * b);

        public float[] Data { get; private set; } = [];

        public int Capacity => Data.Length / RowLength;

        /// <summary>Pinned (on the pinned object heap), so ONNX Runtime can hold its address across passes.</summary>
        public void Grow(int batchSize) =>
            Data = GC.AllocateUninitializedArray<float>(Math.Max(batchSize, 2 * Capacity) * RowLength, pinned: true);

        public OrtValue ValueFor(int batchSize) => OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [batchSize, .. rowShape],
            Marshal.UnsafeAddrOfPinnedArrayElement(Data, 0), (long)batchSize * RowLength * sizeof(float));
    }
}
