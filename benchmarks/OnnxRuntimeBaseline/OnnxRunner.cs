using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace ResNeXt.Benchmarks.OnnxRuntimeBaseline;

/// <summary>
/// An ONNX Runtime session set up the way a .NET team would for CPU throughput: all graph optimisations (which fold
/// BatchNorm and fuse conv + ReLU + add), sequential execution, the intra-op pool sized like the other contenders'.
/// Input and output live in pre-allocated OrtValues, so a timed pass is the forward pass alone.
/// </summary>
internal sealed class OnnxRunner : IDisposable
{
    private const int Channels = 3;
    private const int CropSize = 224;
    private const int InputSeed = 20240601;

    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string outputName;
    private readonly int numClasses;

    public OnnxRunner(string modelPath, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        session = new InferenceSession(modelPath, options);
        inputName = session.InputMetadata.Keys.Single();
        outputName = session.OutputMetadata.Keys.First();
        numClasses = session.OutputMetadata[outputName].Dimensions[^1];
    }

    public double[] Time(int batch, int warmup, int iterations)
    {
        var random = new Random(InputSeed + batch);
        var input = new float[batch * Channels * CropSize * CropSize];
        for (var i = 0; i < input.Length; i++)
            input[i] = (float)random.NextDouble() * 2 - 1;
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [batch, Channels, CropSize, CropSize]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(new float[batch * numClasses], [batch, numClasses]);
        using var runOptions = new RunOptions();
        string[] inputNames = [inputName], outputNames = [outputName];
        OrtValue[] inputs = [inputValue], outputs = [outputValue];

        for (var i = 0; i < warmup; i++)
            session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        var seconds = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            session.Run(runOptions, inputNames, inputs, outputNames, outputs);
            seconds[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        return seconds;
    }

    public void Dispose() => session.Dispose();
}
