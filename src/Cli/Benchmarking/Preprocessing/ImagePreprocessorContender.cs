using System.Diagnostics;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Cli.Benchmarking.Preprocessing;

/// <summary>
/// The service's <see cref="ImagePreprocessor.Preprocess"/>, from encoded bytes to the normalised CHW floats. Single
/// mode runs on the calling thread; all-cores mode fills one batch buffer with <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>
/// over the workers, each image into its own slot, as the batching worker's callers do.
/// </summary>
internal sealed class ImagePreprocessorContender : IPreprocessingContender
{
    public const string ContenderName = "ResNeXt.Inference (.NET)";

    private readonly PreprocessingBenchmarkSettings settings;
    private readonly ImagePreprocessor preprocessor = new();
    private readonly float[] tensor = new float[ImageNetPipeline.TensorLength];
    private readonly ParallelOptions parallel;
    private float[]? batch;

    public ImagePreprocessorContender(PreprocessingBenchmarkSettings settings)
    {
        this.settings = settings;
        parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Workers };
        // More workers than cores would otherwise wait for the thread pool's slow injection of extra threads.
        ThreadPool.GetMinThreads(out var workerThreads, out var completionThreads);
        if (workerThreads < settings.Workers)
            ThreadPool.SetMinThreads(settings.Workers, completionThreads);
    }

    public string Name => ContenderName;

    public IReadOnlyDictionary<MeasurementKey, double[]> MeasureRound()
    {
        var images = settings.Images.ToDictionary(i => i.Name);
        return settings.Keys.ToDictionary(key => key, key => key.Mode == PreprocessingModes.Single
            ? TimeSingle(images[key.Image].Encoded)
            : TimeAllCores(images[key.Image].Encoded));
    }

    /// <summary>The tensor this side produces for <paramref name="image"/>, for the exactness check.</summary>
    public float[] Tensor(BenchmarkImage image)
    {
        var result = new float[ImageNetPipeline.TensorLength];
        preprocessor.Preprocess(image.Encoded, result);
        return result;
    }

    private double[] TimeSingle(byte[] encoded)
    {
        for (var i = 0; i < settings.Warmup; i++)
            preprocessor.Preprocess(encoded, tensor);
        var seconds = new double[settings.Iterations];
        for (var i = 0; i < seconds.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            preprocessor.Preprocess(encoded, tensor);
            seconds[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        return seconds;
    }

    private double[] TimeAllCores(byte[] encoded)
    {
        batch ??= new float[settings.BatchImages * ImageNetPipeline.TensorLength];
        RunBatch(encoded, batch);
        var seconds = new double[settings.Batches];
        for (var i = 0; i < seconds.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            RunBatch(encoded, batch);
            seconds[i] = Stopwatch.GetElapsedTime(started).TotalSeconds / settings.BatchImages;
        }
        return seconds;
    }

    private void RunBatch(byte[] encoded, float[] destination) =>
        Parallel.For(0, settings.BatchImages, parallel,
            slot => preprocessor.Preprocess(encoded, destination.AsSpan(slot * ImageNetPipeline.TensorLength, ImageNetPipeline.TensorLength)));
}
