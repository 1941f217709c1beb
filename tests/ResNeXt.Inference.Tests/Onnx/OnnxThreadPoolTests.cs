using Microsoft.Extensions.Logging;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Onnx;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Tests.Model;
using ResNeXt.Inference.Tests.Reference;
using ResNeXt.Inference.Tests.Training;

namespace ResNeXt.Inference.Tests.Onnx;

/// <summary>
/// Every model the service loads computes on ONNX Runtime's one shared intra-op pool, so loading a second model adds
/// no compute threads; a session whose settings differ from the pool's falls back to threads of its own and still works.
/// Runs alone (thread counts of the process would otherwise move with other tests).
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class OnnxThreadPoolTests
{
    private const double SameImageMaxAbsError = 1e-5;
    private const int SessionsPerSide = 2;

    private static readonly OnnxThreadPoolSettings Pool = SharedOnnxThreadPool.Settings;

    private static readonly ResNeXtEngineOptions Shared = new(
        IntraOpThreads: Pool.IntraOpThreads, AllowSpinning: Pool.AllowSpinning, Backend: EngineBackend.OnnxRuntime, SharedThreadPool: true);

    private static readonly ResNeXtEngineOptions OwnThreads = Shared with { SharedThreadPool = false };

    [Fact]
    public void TheProcessHasOnePoolWithTheFirstCallersSettings()
    {
        Assert.Equal(Pool, OnnxThreadPool.Current);
        Assert.True(OnnxThreadPool.TryShare(Pool));
        Assert.False(OnnxThreadPool.TryShare(Pool with { IntraOpThreads = Pool.IntraOpThreads + 1 }));
        Assert.False(OnnxThreadPool.TryShare(Pool with { AllowSpinning = !Pool.AllowSpinning }));
        Assert.Equal(Pool, OnnxThreadPool.Current);
    }

    [Fact]
    public void ModelsOnTheSharedPoolComputeWhatASessionWithItsOwnThreadsComputes()
    {
        var input = NpyArray.Load(ReferenceModels.File(ReferenceModels.Tiny, "inputs.npy")).AsFloat32()
            .AsSpan(0, 2 * ImageNetPipeline.TensorLength).ToArray();
        using var own = Load(OwnThreads);
        var expected = own.Run(input, 2, OutputKinds.Logits).Logits!.Value.ToArray();
        using var first = Load(Shared);
        using var second = Load(Shared);

        Assert.False(((OnnxRuntimeEngine)own).SharesThreadPool);
        foreach (var engine in new[] { first, second })
        {
            Assert.True(((OnnxRuntimeEngine)engine).SharesThreadPool);
            var logits = engine.Run(input, 2, OutputKinds.Logits).Logits!.Value.ToArray();
            var error = expected.Zip(logits, (e, a) => Math.Abs((double)e - a)).Max();
            Assert.True(error <= SameImageMaxAbsError, $"max abs difference {error} from the session with its own threads");
        }
    }

    [Fact]
    public void SessionsOnTheSharedPoolStartNoComputeThreadsOfTheirOwn()
    {
        var input = new float[ImageNetPipeline.TensorLength];
        var sharedThreads = ThreadsStartedBy(Shared, input);
        var ownThreads = ThreadsStartedBy(OwnThreads, input);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{SessionsPerSide} sessions started {sharedThreads} threads on the shared pool, {ownThreads} with their own pools");
        // Each session with its own pool starts IntraOpThreads - 1 workers (the caller is the last one); on the shared
        // pool they already exist.
        Assert.True(ownThreads - sharedThreads >= SessionsPerSide * (Pool.IntraOpThreads - 1),
            $"{SessionsPerSide} sessions with their own pools started {ownThreads} threads, on the shared pool {sharedThreads}");
    }

    [Fact]
    public void ASessionAskingForOtherSettingsGetsThreadsOfItsOwnAndStillRuns()
    {
        using var engine = Load(Shared with { IntraOpThreads = Pool.IntraOpThreads + 1 });

        Assert.False(((OnnxRuntimeEngine)engine).SharesThreadPool);
        Assert.Equal(engine.NumClasses, engine.Run(new float[ImageNetPipeline.TensorLength], 1, OutputKinds.Logits).Logits!.Value.Length);
    }

    [Fact]
    public void TheServicesLoaderPutsEveryModelOnTheSharedPool()
    {
        var logger = new ListLogger();
        var loader = new ResNeXtModelLoader(Microsoft.Extensions.Options.Options.Create(new RegistryOptions()), logger);

        var loaded = loader.Load(Request(Pool.IntraOpThreads), TestContext.Current.CancellationToken);
        using var engine = Assert.IsType<OnnxRuntimeEngine>(loaded.Runner);

        Assert.True(engine.SharesThreadPool);
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public void TheServicesLoaderWarnsWhenAModelCannotUseTheSharedPool()
    {
        var logger = new ListLogger();
        var loader = new ResNeXtModelLoader(Microsoft.Extensions.Options.Options.Create(new RegistryOptions()), logger);

        var loaded = loader.Load(Request(Pool.IntraOpThreads + 1), TestContext.Current.CancellationToken);
        using var engine = Assert.IsType<OnnxRuntimeEngine>(loaded.Runner);

        Assert.False(engine.SharesThreadPool);
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains("threads of its own", warning);
        Assert.Contains(Pool.ToString(), warning);
    }

    private static ModelLoadRequest Request(int threads) => new(ReferenceModels.Tiny, Catalog: null,
        ReferenceModels.Checkpoint(ReferenceModels.Tiny), threads, EngineBackend.OnnxRuntime, Pool.AllowSpinning);

    private static IInferenceEngine Load(ResNeXtEngineOptions options) =>
        EngineFactory.Load(ReferenceModels.Checkpoint(ReferenceModels.Tiny), options);

    /// <summary>OS threads of the process started by loading and running <see cref="SessionsPerSide"/> sessions.</summary>
    private static int ThreadsStartedBy(ResNeXtEngineOptions options, float[] input)
    {
        // A first load warms up everything else that may start threads (TorchSharp, the allocator, the thread pool).
        using (var warm = Load(options))
            warm.Run(input, 1, OutputKinds.Logits);

        var before = OsThreadIds();
        var engines = Enumerable.Range(0, SessionsPerSide).Select(_ => Load(options)).ToArray();
        foreach (var engine in engines)
            engine.Run(input, 1, OutputKinds.Logits);
        // New thread ids, not the change in the count: an unrelated thread that ends meanwhile (an idle pool worker
        // retiring) would otherwise hide one that a session started.
        var started = OsThreadIds().Except(before).Count();
        foreach (var engine in engines)
            engine.Dispose();
        return started;
    }

    private static HashSet<string> OsThreadIds() => [.. Directory.GetDirectories("/proc/self/task").Select(Path.GetFileName).OfType<string>()];

    private sealed class ListLogger : ILogger<ResNeXtModelLoader>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
                Warnings.Add(formatter(state, exception));
        }
    }
}
