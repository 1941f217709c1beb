using System.Diagnostics;
using ResNeXt.Inference.Preprocessing;

namespace ResNeXt.Benchmarks.Preprocessing;

/// <summary>
/// The service's <see cref="ImagePreprocessor.Preprocess"/>, from encoded bytes to the normalised CHW floats. Single
/// mode runs on the calling thread; all-cores mode fills one batch buffer with <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>
/// over the workers, each image into its own slot, as the batching worker's callers do. Before its first round it runs
/// the images untimed until the tiered JIT has had time to replace the first, unoptimised code (a long-running service
/// runs optimised code; Python has no JIT to wait for).
/// </summary>
internal sealed class ImagePreprocessorContender : IPreprocessingContender
{
    public const string ContenderName = "ResNeXt.Inference (.NET)";

    /// <summary>
    /// The tiered JIT recompiles a method with full optimisation after 30 calls, in the background, once calls have
    /// kept coming for 100 ms; a second of calls, at least that many per image, covers both with room to spare.
    /// </summary>
    private const int JitWarmupCalls = 30;
    private static readonly TimeSpan JitWarmupTime = TimeSpan.FromSeconds(1);

    private readonly PreprocessingBenchmarkSettings settings;
    private readonly ImagePreprocessor preprocessor;
    private readonly float[] tensor = new float[ImageNetPipeline.TensorLength];
    private readonly ParallelOptions parallel;
    private float[]? batch;
    private bool warmedUp;

    public ImagePreprocessorContender(PreprocessingBenchmarkSettings settings)
    {
        this.settings = settings;
        preprocessor = new ImagePreprocessor(ImagePreprocessor.DefaultMaxPixels, JpegDecoding.Backend, settings.PngBackend);
        parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Workers };
        // More workers than cores would otherwise wait for the thread pool's slow injection of extra threads.
        ThreadPool.GetMinThreads(out var workerThreads, out var completionThreads);
        if (workerThreads < settings.Workers)
            ThreadPool.SetMinThreads(settings.Workers, completionThreads);
    }

    public string Name => ContenderName;

    public IReadOnlyDictionary<MeasurementKey, double[]> MeasureRound()
    {
        if (!warmedUp)
        {
            WarmUpJit();
            warmedUp = true;
        }
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

    private void WarmUpJit()
    {
        var started = Stopwatch.GetTimestamp();
        for (var calls = 0; calls < JitWarmupCalls || Stopwatch.GetElapsedTime(started) < JitWarmupTime; calls++)
        {
            foreach (var image in settings.Images)
                preprocessor.Preprocess(image.Encoded, tensor);
        }
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
