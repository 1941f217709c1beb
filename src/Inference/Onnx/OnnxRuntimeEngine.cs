using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Inference.Onnx;

/// <summary>
/// A loaded model served by ONNX Runtime: the graph is emitted in memory from the TorchSharp model's folded weights
/// (<see cref="ResNeXtOnnxGraph"/>), the session is created from those bytes, and the TorchSharp network is freed, so
/// the process holds one copy of the weights (plus ONNX Runtime's prepacked layouts). Not thread-safe (see
/// <see cref="IBatchRunner"/>).
/// </summary>
public sealed class OnnxRuntimeEngine : IInferenceEngine
{
    private static readonly string[] InputNames = [OnnxTensorNames.Input];

    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue[] inputValues = new OrtValue[1];
    private readonly OnnxOutputBuffers outputBuffers;
    private readonly int featureDim;
    private readonly int backboneLength;

    private OnnxRuntimeEngine(InferenceSession session, ResNeXtEngine source, long memoryBytes, bool sharesThreadPool)
    {
        this.session = session;
        SharesThreadPool = sharesThreadPool;
        Name = source.Name;
        Spec = source.Spec;
        Classes = source.Classes;
        Sha256 = source.Sha256;
        CheckpointPath = source.CheckpointPath;
        ParameterCount = source.ParameterCount;
        NumClasses = source.NumClasses;
        MemoryBytes = memoryBytes;
        featureDim = source.FeatureDim;
        var mapSide = session.OutputMetadata[OnnxTensorNames.FeatureMap].Dimensions[^1];
        backboneLength = featureDim * mapSide * mapSide;
        outputBuffers = new OnnxOutputBuffers(NumClasses, featureDim, mapSide);
    }

    public EngineBackend Backend => EngineBackend.OnnxRuntime;

    public string? Name { get; }

    public ResNeXtSpec Spec { get; }

    public IReadOnlyList<string> Classes { get; }

    public string? Sha256 { get; }

    public string? CheckpointPath { get; }

    public long ParameterCount { get; }

    public long MemoryBytes { get; }

    public int NumClasses { get; }

    public int FeatureDim => featureDim;

    /// <summary>Whether the session computes on the process's shared intra-op pool (<see cref="OnnxThreadPool"/>) rather than threads of its own.</summary>
    public bool SharesThreadPool { get; }

    /// <summary>The serialised ONNX model of <paramref name="engine"/>'s folded network: what <c>resnext export-onnx</c>
    /// writes, and with <paramref name="groupBlock"/> what a session on a CPU with AVX-512 runs (<see cref="GroupMerging"/>).</summary>
    public static byte[] ExportGraph(ResNeXtEngine engine, int groupBlock = GroupMerging.None)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var folded = engine.Network as FoldedResNeXt
            ?? throw new InvalidOperationException("Only a BatchNorm-folded engine can be exported to ONNX.");
        return ResNeXtOnnxGraph.Build(folded, engine.Name ?? "resnext", engine.Classes, engine.Sha256, groupBlock).ToByteArray();
    }

    /// <summary>
    /// Builds a session from <paramref name="source"/>'s folded weights. <paramref name="source"/> is left as it was; the
    /// caller disposes it (usually at once).
    /// </summary>
    /// <exception cref="EngineBuildException">The graph could not be built or the session not created (the cause is inside).</exception>
    public static OnnxRuntimeEngine Create(ResNeXtEngine source, OnnxRuntimeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        byte[] graph;
        try
        {
            graph = ExportGraph(source, GroupMerging.BlockFor(settings.Device));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new EngineBuildException($"the ONNX graph could not be built: {error.Message}", error);
        }

        using var options = settings.CreateSessionOptions(out var sharesThreadPool);
        try
        {
            var session = new InferenceSession(graph, options);
            return new OnnxRuntimeEngine(session, source, memoryBytes: EngineFootprint.Of(source.MemoryBytes, EngineBackend.OnnxRuntime), sharesThreadPool);
        }
        catch (OnnxRuntimeException error)
        {
            throw new EngineBuildException($"ONNX Runtime could not create a session: {error.Message}", error);
        }
    }

    public BatchOutputs Run(ReadOnlySpan<float> input, int batchSize, OutputKinds kinds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (input.Length != batchSize * ImageNetPipeline.TensorLength)
            throw new ArgumentException($"Expected {batchSize} x {ImageNetPipeline.TensorLength} floats, got {input.Length}.", nameof(input));

        // Nothing asked for still runs the pass (a warm-up or a timing): the smallest output is fetched.
        var binding = outputBuffers.Bind(batchSize, kinds == OutputKinds.None ? OutputKinds.Logits : kinds);
        RunPinned(input, batchSize, binding);
        return new BatchOutputs(batchSize, NumClasses, featureDim, backboneLength,
            outputBuffers.Rows(OutputKinds.Logits, kinds, batchSize),
            outputBuffers.Rows(OutputKinds.Scores, kinds, batchSize),
            outputBuffers.Rows(OutputKinds.Neck, kinds, batchSize),
            outputBuffers.Rows(OutputKinds.Backbone, kinds, batchSize));
    }

    /// <summary>The caller's floats are handed to ONNX Runtime in place: pinned for the duration of the pass, never copied.</summary>
    private unsafe void RunPinned(ReadOnlySpan<float> input, int batchSize, OnnxOutputBinding outputs)
    {
        fixed (float* data = input)
        {
            using var tensor = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                [batchSize, ImageNetPipeline.Channels, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize],
                (IntPtr)data, (long)input.Length * sizeof(float));
            inputValues[0] = tensor;
            try
            {
                session.Run(runOptions, InputNames, inputValues, outputs.Names, outputs.Values);
            }
            finally
            {
                inputValues[0] = null!;
            }
        }
    }

    /// <summary>One pass at batch 1 over a blank image, so the first request does not pay for ONNX Runtime's first-run set-up.</summary>
    public void WarmUp() => Run(new float[ImageNetPipeline.TensorLength], batchSize: 1, OutputKinds.Logits);

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
        outputBuffers.Dispose();
    }
}
