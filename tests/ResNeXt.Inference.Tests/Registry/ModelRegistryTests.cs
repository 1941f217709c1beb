using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Registry;
using ResNeXt.Inference.Telemetry;
using ResNeXt.Inference.Tests.Batching;
using ResNeXt.Inference.Tests.Download;

namespace ResNeXt.Inference.Tests.Registry;

public sealed class ModelRegistryTests : IAsyncDisposable
{
    private const string Model = "resnext50-32x4d";
    private const string OtherModel = "resnext101-32x4d";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly string _directory = Directory.CreateTempSubdirectory("registry-tests-").FullName;
    private readonly TestMeterFactory _meters = new();
    private readonly List<ModelRegistry> _registries = [];
    private readonly List<InferenceExecutor> _executors = [];

    private ModelRegistry CreateRegistry(VersionedModelLoader loader, Action<RegistryOptions>? configure = null, Uri? downloadBaseUrl = null,
        ICheckpointDownloader? downloader = null, TimeProvider? time = null, Action<BatchingOptions>? configureBatching = null)
    {
        var options = new RegistryOptions { Directory = _directory };
        configure?.Invoke(options);
        // Room for every image these tests send at once: queue-full behaviour is the batching tests' concern.
        var batchingOptions = new BatchingOptions { MaxDelay = TimeSpan.Zero, QueueCapacity = 1024 };
        configureBatching?.Invoke(batchingOptions);
        var batching = Options.Create(batchingOptions);
        var metrics = new InferenceMetrics(_meters);
        var executor = new InferenceExecutor(batching, TimeProvider.System, NullLogger<InferenceExecutor>.Instance);
        _executors.Add(executor);
        var queues = new InferenceQueueFactory(executor, batching, TimeProvider.System, metrics, NullLoggerFactory.Instance);
        var downloads = new CheckpointDownloadOptions { BaseUrl = downloadBaseUrl?.ToString(), InitialRetryDelay = TimeSpan.Zero };
        downloader ??= new CheckpointDownloader(new HttpClient(), Options.Create(downloads), TimeProvider.System);
        var registry = new ModelRegistry(Options.Create(options), executor, loader, queues, downloader, metrics, time ?? TimeProvider.System,
            NullLogger<ModelRegistry>.Instance);
        _registries.Add(registry);
        return registry;
    }

    private void WriteCheckpoint(string model, string content) => File.WriteAllText(Path.Combine(_directory, model + ".pth"), content);

    private static Task<(ActiveModel Model, ImageOutputs[] Outputs)> Run(ModelRegistry registry, string model, int images = 1) =>
        registry.RunAsync(model, [.. Enumerable.Range(0, images).Select(_ => (ReadOnlyMemory<float>)FakeBatchRunner.Image(0))],
            OutputKinds.Scores, DateTimeOffset.UtcNow + Deadline, TestContext.Current.CancellationToken);

    [Fact]
    public void UnknownAndPathLikeNamesAreNotFound()
    {
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint("extra", "1");

        Assert.Throws<ModelNotFoundException>(() => registry.Get("resnet50"));
        Assert.Throws<ModelNotFoundException>(() => registry.Get("../extra"));
        Assert.Equal(ModelState.Available, registry.Get("extra").State);
    }

    [Fact]
    public async Task ALoadedModelIsWarmedUpOnItsInferenceThreadBeforeItServes()
    {
        var loader = new VersionedModelLoader();
        var registry = CreateRegistry(loader);
        WriteCheckpoint(Model, "1");

        var (active, _) = await Run(registry, Model);

        Assert.Equal([active.Queue.InferenceThreadId], loader.WarmUpThreads);
    }

    [Fact]
    public async Task LoadedModelsShareTheOneExecutorAndEachIsBuiltForEveryCore()
    {
        // Two models may be loaded at once, yet neither is given half the cores: their passes never overlap.
        var loader = new VersionedModelLoader();
        var registry = CreateRegistry(loader, options => options.MaxLoaded = 2);
        WriteCheckpoint(Model, "1");
        WriteCheckpoint(OtherModel, "2");

        var (first, _) = await Run(registry, Model);
        var (second, _) = await Run(registry, OtherModel);

        Assert.Equal(first.Queue.InferenceThreadId, second.Queue.InferenceThreadId);
        Assert.Equal([Environment.ProcessorCount, Environment.ProcessorCount], loader.RequestedThreads);
        Assert.All(loader.RunThreads.Concat(loader.WarmUpThreads), thread => Assert.Equal(first.Queue.InferenceThreadId, thread));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryModelIsBuiltWithTheExecutorsThreadsAndSpinning(bool allowSpinning)
    {
        // The shared ONNX Runtime pool is created by the first load with what its request says, so every request must say
        // what the executor was configured with, not a per-model or engine default.
        var loader = new VersionedModelLoader();
        var registry = CreateRegistry(loader, options => options.MaxLoaded = 2,
            configureBatching: batching => (batching.IntraOpThreads, batching.AllowSpinning) = (3, allowSpinning));
        WriteCheckpoint(Model, "1");
        WriteCheckpoint(OtherModel, "2");

        await Run(registry, Model);
        await Run(registry, OtherModel);

        Assert.Equal([(3, allowSpinning), (3, allowSpinning)], loader.Requests.Select(r => (r.IntraOpThreads, r.AllowSpinning)));
    }

    [Fact]
    public async Task AModelWhoseFirstPassFailsIsAFailedLoadNotAServingModel()
    {
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint(Model, "broken-forward");

        var error = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));

        Assert.Contains("forward pass exploded", error.Message);
        Assert.Equal(ModelState.Failed, registry.Get(Model).State);
    }

    [Fact]
    public async Task MissingCheckpointIsNotDownloadedAndSaysHowToGetIt()
    {
        var registry = CreateRegistry(new VersionedModelLoader());

        var status = registry.Get(Model);
        var error = await Assert.ThrowsAsync<ModelNotAvailableException>(() => Run(registry, Model));

        Assert.Equal(ModelState.NotDownloaded, status.State);
        Assert.Contains($"resnext download {Model}", error.Message);
        Assert.Equal("model-not-downloaded", error.Code);
    }

    /// <summary>
    /// Under ./run.sh (auto-download on) a model not yet fetched was told to "set Models__AutoDownload=true", and so was a
    /// dropped-in checkpoint whose file had gone, which no download can bring back.
    /// </summary>
    [Fact]
    public void ANotDownloadedModelIsAdvisedOnlyWhatWouldHelpUnderTheCurrentSettings()
    {
        var manual = CreateRegistry(new VersionedModelLoader());
        var automatic = CreateRegistry(new VersionedModelLoader(), o => o.AutoDownload = true);
        WriteCheckpoint("extra", "1");
        Assert.Equal(ModelState.Available, automatic.Get("extra").State);
        Assert.Equal(ModelState.Available, manual.Get("extra").State);
        File.Delete(Path.Combine(_directory, "extra.pth"));

        var off = manual.Get(Model);
        var on = automatic.Get(Model);
        var goneUnderOn = automatic.Get("extra");
        var goneUnderOff = manual.Get("extra");

        Assert.Equal(ModelState.NotDownloaded, off.State);
        Assert.Contains("Models__AutoDownload=true", off.Reason);
        Assert.Equal(ModelState.NotDownloaded, on.State);
        Assert.DoesNotContain("AutoDownload=true", on.Reason);
        Assert.Contains("first request for it downloads", on.Reason);
        Assert.Contains($"resnext download {Model}", on.Reason);
        Assert.All([goneUnderOn, goneUnderOff], gone =>
        {
            Assert.Equal(ModelState.NotDownloaded, gone.State);
            Assert.DoesNotContain("AutoDownload", gone.Reason);
            Assert.DoesNotContain("resnext download", gone.Reason);
            Assert.Contains("extra.pth", gone.Reason);
        });
    }

    [Fact]
    public async Task AutoDownloadFetchesTheOfficialFileAndRefusesOneWhoseHashDoesNotMatchItsName()
    {
        await using var server = new LocalFileServer();
        var entry = ModelCatalog.Get(Model);
        server.Add(entry.CheckpointFileName, "1"u8.ToArray()); // cannot carry the official sha256 prefix
        var loader = new VersionedModelLoader();
        var registry = CreateRegistry(loader, o => o.AutoDownload = true, server.BaseUrl);

        var error = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));

        Assert.Contains(server.Requests, r => r.Path.EndsWith(entry.CheckpointFileName, StringComparison.Ordinal));
        Assert.Equal("checksum-mismatch", Assert.IsType<CheckpointDownloadException>(error.InnerException).Code);
        Assert.Empty(Directory.EnumerateFiles(_directory));
        Assert.Equal(0, loader.Loads);
        Assert.Equal(ModelState.Failed, registry.Get(Model).State);
    }

    [Fact]
    public async Task AutoDownloadFetchesOnceForConcurrentRequestsWhichThenAllGetAnswers()
    {
        var downloader = new GatedCheckpointDownloader(version: "7");
        var registry = CreateRegistry(new VersionedModelLoader(), o => o.AutoDownload = true, downloader: downloader);

        var requests = Enumerable.Range(0, 4).Select(_ => Run(registry, Model)).ToArray();
        while (downloader.Downloads == 0 || registry.Get(Model).Reason is null) await Task.Yield();
        var downloading = registry.Get(Model);
        downloader.Gate.SetResult();
        var answers = await Task.WhenAll(requests);

        Assert.Equal(ModelState.Loading, downloading.State);
        Assert.StartsWith("Downloading its checkpoint", downloading.Reason);
        Assert.Equal(1, downloader.Downloads);
        Assert.All(answers, a => Assert.Equal(7f, a.Outputs[0].Scores![0]));
        Assert.True(File.Exists(Path.Combine(_directory, ModelCatalog.Get(Model).CheckpointFileName)));
    }

    [Fact]
    public async Task ARequestWhoseDeadlinePassesDuringTheDownloadIs503WithTheRemainingTime()
    {
        const double megabyte = 1024 * 1024;
        var clock = new ObservedTimeProvider();
        var downloader = new GatedCheckpointDownloader(version: "3")
        {
            Progress = new DownloadProgress((long)(40 * megabyte), (long)(100 * megabyte), BytesPerSecond: 10 * megabyte),
        };
        var registry = CreateRegistry(new VersionedModelLoader(), o => o.AutoDownload = true, downloader: downloader, time: clock);

        var impatient = registry.RunAsync(Model, [FakeBatchRunner.Image(0)], OutputKinds.Scores, clock.GetUtcNow() + TimeSpan.FromSeconds(2),
            TestContext.Current.CancellationToken);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.NextTimerAsync(TestContext.Current.CancellationToken));
        // The load reaches the download on a background thread; a deadline that passed before it would wait for the load.
        await downloader.Started.Task.WaitAsync(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<ModelDownloadingException>(() => impatient);

        Assert.Equal("model-downloading", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(6), error.RetryAfter); // 60 MB left at 10 MB/s
        Assert.Contains("40.0 of 100.0 MB", error.Message);
        downloader.Gate.SetResult(); // the download was not abandoned with the request
        var (active, outputs) = await registry.RunAsync(Model, [FakeBatchRunner.Image(0)], OutputKinds.Scores, DateTimeOffset.MaxValue,
            TestContext.Current.CancellationToken);
        Assert.Equal(3f, outputs[0].Scores![0]);
        Assert.Equal(1, downloader.Downloads);
    }

    [Fact]
    public async Task AFailedDownloadSaysHowToGetTheFileAndIsRetriedOnlyAfterTheDelay()
    {
        await using var server = new LocalFileServer { ForcedStatus = System.Net.HttpStatusCode.NotFound };
        var clock = new ObservedTimeProvider();
        var registry = CreateRegistry(new VersionedModelLoader(), o =>
        {
            o.AutoDownload = true;
            o.DownloadRetryDelay = TimeSpan.FromSeconds(30);
        }, server.BaseUrl, time: clock);

        var first = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));
        var attempts = server.Requests.Count;
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));
        Assert.Equal(attempts, server.Requests.Count); // inside the delay nobody hammers the mirror
        clock.Advance(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));

        Assert.Equal("download-failed", Assert.IsType<CheckpointDownloadException>(first.InnerException).Code);
        Assert.Contains($"resnext download {Model}", first.Message);
        Assert.Equal(TimeSpan.FromSeconds(30), first.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(20), second.RetryAfter);
        Assert.True(server.Requests.Count > attempts, "the download was not tried again after the delay");
        Assert.Equal(ModelState.Failed, registry.Get(Model).State);
    }

    [Fact]
    public async Task ConcurrentRequestsShareOneLoad()
    {
        using var gate = new ManualResetEventSlim();
        var loader = new VersionedModelLoader { Gate = gate };
        var registry = CreateRegistry(loader);
        WriteCheckpoint(Model, "1");

        var requests = Enumerable.Range(0, 8).Select(_ => Run(registry, Model)).ToArray();
        while (registry.Get(Model).State != ModelState.Loading) await Task.Yield();
        gate.Set();
        await Task.WhenAll(requests);

        Assert.Equal(1, loader.Loads);
        Assert.Equal(ModelState.Ready, registry.Get(Model).State);
    }

    [Fact]
    public async Task FailedLoadIsReportedUntilTheFileChanges()
    {
        var loader = new VersionedModelLoader();
        var registry = CreateRegistry(loader);
        WriteCheckpoint(Model, "corrupt");

        var first = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));
        var second = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));
        Assert.Equal(ModelState.Failed, registry.Get(Model).State);
        Assert.Equal(1, loader.Loads); // the broken file is not re-read on every request
        Assert.Contains("not a readable checkpoint", second.Message);

        WriteCheckpoint(Model, "2");
        File.SetLastWriteTimeUtc(Path.Combine(_directory, Model + ".pth"), DateTime.UtcNow.AddMinutes(1));
        var (model, _) = await Run(registry, Model);

        Assert.Equal("model-load-failed", first.Code);
        Assert.Equal(ModelState.Ready, registry.Get(Model).State);
        Assert.NotNull(model.Identity.Sha256);
    }

    [Fact]
    public async Task HotReloadUnderLoadLosesNothingAndNeverMixesWeights()
    {
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint(Model, "1");
        await Run(registry, Model);

        var requests = Enumerable.Range(0, 60).Select(_ => Run(registry, Model, images: 3)).ToList();
        WriteCheckpoint(Model, "2");
        await registry.CheckpointChangedAsync(Path.Combine(_directory, Model + ".pth"), TestContext.Current.CancellationToken);
        requests.AddRange(Enumerable.Range(0, 60).Select(_ => Run(registry, Model, images: 3)));
        var responses = await Task.WhenAll(requests);

        foreach (var (model, outputs) in responses)
        {
            var versions = outputs.SelectMany(o => o.Scores!).Distinct().ToArray();
            Assert.Single(versions);
            Assert.Equal(model.Identity.Sha256 == registry.Get(Model).Sha256 ? 2f : 1f, versions[0]);
        }
        Assert.Equal(2f, (await Run(registry, Model)).Outputs[0].Scores![0]);
    }

    /// <summary>A fresh load after an unload still showed "Serving the previous weights; the last reload failed".</summary>
    [Fact]
    public async Task AFreshLoadForgetsAnEarlierReloadFailure()
    {
        var registry = await ServingVersionOneAfterACorruptReplacementAsync();
        Assert.Contains("last reload failed", registry.Get(Model).Reason);

        await registry.UnloadAsync(Model, TestContext.Current.CancellationToken);
        WriteCheckpoint(Model, "2");
        await registry.LoadAsync(Model, TestContext.Current.CancellationToken);

        Assert.Equal(ModelState.Ready, registry.Get(Model).State);
        Assert.Null(registry.Get(Model).Reason);
    }

    [Fact]
    public async Task CorruptReplacementKeepsTheOldWeightsServing()
    {
        var registry = await ServingVersionOneAfterACorruptReplacementAsync();
        var status = registry.Get(Model);

        Assert.Equal(1f, (await Run(registry, Model)).Outputs[0].Scores![0]);
        Assert.Equal(ModelState.Ready, status.State);
        Assert.Contains("last reload failed", status.Reason);
    }

    [Fact]
    public async Task LeastRecentlyUsedIdleModelIsEvictedBeyondMaxLoaded()
    {
        var registry = CreateRegistry(new VersionedModelLoader(), o => o.MaxLoaded = 1);
        WriteCheckpoint(Model, "1");
        WriteCheckpoint(OtherModel, "2");

        await Run(registry, Model);
        await Run(registry, OtherModel);

        Assert.Equal(ModelState.Available, registry.Get(Model).State);
        Assert.Equal(ModelState.Ready, registry.Get(OtherModel).State);
    }

    [Fact]
    public async Task BeyondTheByteBudgetTheLeastRecentlyUsedIdleModelIsUnloadedBeforeTheNextLoads()
    {
        const string third = "resnext152-32x4d";
        var loader = new VersionedModelLoader { Footprints = new Dictionary<string, long> { [Model] = 100, [OtherModel] = 100, [third] = 100 } };
        var registry = CreateRegistry(loader, o =>
        {
            o.MaxLoaded = 3; // the count is not what binds here
            o.MaxMemoryBytes = 250;
        });
        WriteCheckpoint(Model, "1");
        WriteCheckpoint(OtherModel, "2");
        WriteCheckpoint(third, "3");

        await Run(registry, Model);
        await Run(registry, OtherModel);
        await Run(registry, Model); // OtherModel is now the least recently used
        await Run(registry, third);

        Assert.Equal(ModelState.Ready, registry.Get(Model).State);
        Assert.Equal(ModelState.Available, registry.Get(OtherModel).State);
        Assert.Equal(ModelState.Ready, registry.Get(third).State);
        Assert.Equal(200, registry.List().Sum(s => s.MemoryBytes ?? 0));
    }

    [Fact]
    public async Task WhenBusyModelsHoldTheBudgetTheLoadIsRefusedForNowAndSucceedsOnceTheyAreIdle()
    {
        using var running = new ManualResetEventSlim();
        var loader = new VersionedModelLoader { RunGate = running, Footprints = new Dictionary<string, long> { [Model] = 100, [OtherModel] = 100 } };
        var registry = CreateRegistry(loader, o => o.MaxMemoryBytes = 150);
        WriteCheckpoint(Model, "1");
        WriteCheckpoint(OtherModel, "2");
        await registry.LoadAsync(Model, TestContext.Current.CancellationToken);

        var computing = Run(registry, Model); // holds the executor inside its forward pass
        while (loader.RunThreads.Count == 0) await Task.Delay(1, TestContext.Current.CancellationToken);
        var waiting = Run(registry, Model);   // and this one waits in the queue: the model is busy
        while (registry.Get(Model).QueueDepth == 0) await Task.Delay(1, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ModelMemoryBusyException>(() => Run(registry, OtherModel));
        Assert.Equal("model-memory-busy", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(ModelState.Available, registry.Get(OtherModel).State); // nothing held against it
        Assert.Equal(ModelState.Ready, registry.Get(Model).State);

        running.Set();
        await Task.WhenAll(computing, waiting);
        var (served, _) = await Run(registry, OtherModel);
        Assert.Equal(OtherModel, served.Identity.Name);
        Assert.Equal(ModelState.Available, registry.Get(Model).State);
    }

    [Fact]
    public async Task AModelThatCannotFitTheBudgetAloneIsRefusedWithoutLoadingAndItsStatusNamesTheBudget()
    {
        var loader = new VersionedModelLoader { Footprints = new Dictionary<string, long> { [Model] = 300 * 1024 * 1024, [OtherModel] = 100 } };
        var registry = CreateRegistry(loader, o => o.MaxMemoryBytes = 200 * 1024 * 1024);
        WriteCheckpoint(Model, "1");
        WriteCheckpoint(OtherModel, "2");
        await Run(registry, OtherModel);

        var error = await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));

        Assert.Equal("model-too-large", Assert.IsType<ModelTooLargeException>(error.InnerException).Code);
        Assert.Contains("needs 300 MB", error.Message);
        Assert.Contains("Models:MaxMemoryBytes is 200 MB", error.Message);
        // Once: the configured budget used to name the key again as its own source.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "Models:MaxMemoryBytes"));
        var status = registry.Get(Model);
        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("Models:MaxMemoryBytes", status.Reason);
        Assert.Equal(1, loader.Loads); // only OtherModel was ever built, and it still serves
        Assert.Equal(ModelState.Ready, registry.Get(OtherModel).State);
    }

    [Fact]
    public async Task UnloadWhileBusyFinishesAcceptedRequests()
    {
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint(Model, "1");
        await Run(registry, Model);

        var inFlight = Enumerable.Range(0, 40).Select(_ => Run(registry, Model, images: 2)).ToArray();
        await registry.UnloadAsync(Model, TestContext.Current.CancellationToken);
        var responses = await Task.WhenAll(inFlight);

        Assert.All(responses, r => Assert.Equal(1f, r.Outputs[0].Scores![0]));
        Assert.Equal(ModelState.Available, registry.Get(Model).State);
    }

    [Fact]
    public async Task RandomWeightsAreServedOnlyWhenAllowedAndSaySo()
    {
        var refusing = CreateRegistry(new VersionedModelLoader());
        var allowing = CreateRegistry(new VersionedModelLoader(), o => o.AllowRandomWeights = true);

        await Assert.ThrowsAsync<ModelNotAvailableException>(() => Run(refusing, Model));
        var (model, _) = await Run(allowing, Model);

        Assert.Null(model.Identity.CheckpointFile);
        Assert.Contains("Random weights", model.Identity.Warning);
        Assert.True(allowing.Get(Model).RandomWeights);
    }

    [Fact]
    public async Task DrainTurnsReadinessOffAndRefusesNewWork()
    {
        var registry = CreateRegistry(new VersionedModelLoader(), o => o.Preload = [Model]);
        WriteCheckpoint(Model, "1");
        Assert.False(registry.IsReady);
        await registry.PreloadAsync(TestContext.Current.CancellationToken);
        Assert.True(registry.IsReady);

        await registry.DrainAsync(TestContext.Current.CancellationToken);

        Assert.False(registry.IsReady);
        await Assert.ThrowsAsync<WorkerStoppedException>(() => Run(registry, Model));
    }

    /// <summary>
    /// A preloaded model evicted by another model's load (any request can cause one) or unloaded turned readiness off
    /// until it was used again; an instance that can still load it on demand belongs in the load balancer's rotation.
    /// </summary>
    [Fact]
    public async Task ReadinessOnceReachedSurvivesAPreloadedModelLeavingMemory()
    {
        var registry = CreateRegistry(new VersionedModelLoader(), o => o.Preload = [Model]);
        WriteCheckpoint(Model, "1");
        await registry.PreloadAsync(TestContext.Current.CancellationToken);
        Assert.True(registry.IsReady);

        await registry.UnloadAsync(Model, TestContext.Current.CancellationToken);

        Assert.NotEqual(ModelState.Ready, registry.Get(Model).State);
        Assert.True(registry.IsReady);
    }

    /// <summary>Readiness latched on the first probe: a request that evicted the preloaded model before anyone asked
    /// kept the instance unready until that model happened to be requested again.</summary>
    [Fact]
    public async Task ReadinessIsReachedWhenThePreloadsFinishNotWhenFirstAsked()
    {
        var registry = CreateRegistry(new VersionedModelLoader(), o => o.Preload = [Model]);
        WriteCheckpoint(Model, "1");
        await registry.PreloadAsync(TestContext.Current.CancellationToken);

        await registry.UnloadAsync(Model, TestContext.Current.CancellationToken);

        Assert.True(registry.IsReady);
    }

    /// <summary>A reload that failed and a later one that succeeded: after an eviction the model showed as failed, with the
    /// first failure's reason, though its next request loaded fine.</summary>
    [Fact]
    public async Task ASuccessfulReloadForgetsAnEarlierFailedOne()
    {
        var registry = await ServingVersionOneAfterACorruptReplacementAsync();
        WriteCheckpoint(Model, "2");
        await registry.CheckpointChangedAsync(Path.Combine(_directory, Model + ".pth"), TestContext.Current.CancellationToken);

        await registry.UnloadAsync(Model, TestContext.Current.CancellationToken);

        Assert.Equal(ModelState.Available, registry.Get(Model).State);
        Assert.Null(registry.Get(Model).Reason);
    }

    /// <summary>A load that found the model loaded, then waited behind an unload, answered 200 and left it unloaded.</summary>
    [Fact]
    public async Task ALoadQueuedBehindAnUnloadLoadsTheModel()
    {
        using var gate = new ManualResetEventSlim(initialState: true);
        var loader = new VersionedModelLoader { Gate = gate };
        var registry = CreateRegistry(loader);
        WriteCheckpoint(Model, "1");
        await Run(registry, Model);
        gate.Reset();

        var reload = registry.LoadAsync(Model, TestContext.Current.CancellationToken); // holds the model while its load waits
        while (loader.Loads < 2) await Task.Delay(TimeSpan.FromMilliseconds(10), TestContext.Current.CancellationToken);
        var unload = registry.UnloadAsync(Model, TestContext.Current.CancellationToken);
        var load = registry.LoadAsync(Model, TestContext.Current.CancellationToken); // sees it loaded, waits its turn
        gate.Set();
        await reload;
        await unload;

        Assert.Equal(ModelState.Ready, (await load).State);
    }

    /// <summary>A request waited for the whole load however short its deadline (a 0.2 s deadline answered after 5.8 s).</summary>
    [Fact]
    public async Task ARequestWhoseDeadlinePassesDuringTheLoadTimesOutThen()
    {
        var clock = new ObservedTimeProvider();
        using var gate = new ManualResetEventSlim();
        var registry = CreateRegistry(new VersionedModelLoader { Gate = gate }, time: clock);
        var rejections = new System.Collections.Concurrent.ConcurrentQueue<(string? Reason, long Count)>();
        using var listener = ListenToOwn("resnext.rejections", (count, tags) => rejections.Enqueue(((string?)tags["reason"], count)));
        WriteCheckpoint(Model, "1");

        var impatient = registry.RunAsync(Model, [FakeBatchRunner.Image(0)], OutputKinds.Scores, clock.GetUtcNow() + TimeSpan.FromSeconds(2),
            TestContext.Current.CancellationToken);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.NextTimerAsync(TestContext.Current.CancellationToken));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("deadline-exceeded", (await Assert.ThrowsAsync<InferenceTimeoutException>(() => impatient)).Code);
        Assert.Equal([("deadline", 1L)], rejections.Select(r => (r.Reason, r.Count)));
        gate.Set(); // the load goes on for the requests after it
        Assert.Equal(1f, (await registry.RunAsync(Model, [FakeBatchRunner.Image(0)], OutputKinds.Scores, DateTimeOffset.MaxValue,
            TestContext.Current.CancellationToken)).Outputs[0].Scores![0]);
    }

    /// <summary>A failed load showed only in the model's status: no metric counted it.</summary>
    [Fact]
    public async Task AFailedLoadIsCounted()
    {
        long failures = 0;
        using var listener = ListenToOwn("resnext.model.load.failures", (count, _) => Interlocked.Add(ref failures, count));
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint(Model, "corrupt");

        await Assert.ThrowsAsync<ModelLoadFailedException>(() => Run(registry, Model));

        Assert.Equal(1, Interlocked.Read(ref failures));
    }

    /// <summary>Requests refused because the service was draining (503) were in no metric.</summary>
    [Fact]
    public async Task ImagesRefusedWhileDrainingAreCountedAsStopped()
    {
        var rejections = new System.Collections.Concurrent.ConcurrentQueue<(string? Reason, long Count)>();
        using var listener = ListenToOwn("resnext.rejections", (count, tags) => rejections.Enqueue(((string?)tags["reason"], count)));
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint(Model, "1");
        await registry.DrainAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<WorkerStoppedException>(() => Run(registry, Model, images: 2));

        Assert.Equal([("stopped", 2L)], rejections.Select(r => (r.Reason, r.Count)));
    }

    private System.Diagnostics.Metrics.MeterListener ListenToOwn(string instrument, Action<long, Dictionary<string, object?>> measured)
    {
        var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (published, meterListener) =>
            {
                if (published.Name == instrument && _meters.Meters.Contains(published.Meter)) meterListener.EnableMeasurementEvents(published);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measured(value, new Dictionary<string, object?>(tags.ToArray())));
        listener.Start();
        return listener;
    }

    /// <summary>Version 1 loaded and served, then its file replaced by a corrupt one, which the reload refuses.</summary>
    private async Task<ModelRegistry> ServingVersionOneAfterACorruptReplacementAsync()
    {
        var registry = CreateRegistry(new VersionedModelLoader());
        WriteCheckpoint(Model, "1");
        await Run(registry, Model);
        WriteCheckpoint(Model, "corrupt");
        await registry.CheckpointChangedAsync(Path.Combine(_directory, Model + ".pth"), TestContext.Current.CancellationToken);
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registry in _registries) await registry.DisposeAsync();
        foreach (var executor in _executors) await executor.DisposeAsync();
        _meters.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
