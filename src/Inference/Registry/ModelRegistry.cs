using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Batching;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Serving;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// What is loaded now. Loads lazily on first use (concurrent callers share one load), hot-reloads a changed
/// checkpoint beside the old weights and switches atomically, evicts the least recently used idle model beyond
/// <see cref="RegistryOptions.MaxLoaded"/>, and drains everything on shutdown.
/// </summary>
public sealed class ModelRegistry : IModelRegistry, IAsyncDisposable
{
    /// <summary>Extensions of files the models folder may hold as checkpoints.</summary>

    // Task.WaitAsync takes at most 2^32-2 ms; longer waits are infinite.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    // A model refused because the budget's holders are busy is asked for again soon: a batch takes well under a second.
    private static readonly TimeSpan MemoryBusyRetryAfter = TimeSpan.FromSeconds(1);

    private const string RandomWeightsWarning =
        "Random weights (Models:AllowRandomWeights=true): predictions are meaningless; for load tests and demos only.";

    private readonly RegistryOptions _options;
    private readonly int _intraOpThreads;
    private readonly bool _allowSpinning;
    private readonly IModelLoader _loader;
    private readonly InferenceQueueFactory _queues;
    private readonly ICheckpointDownloader _downloader;
    private readonly InferenceMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelRegistry> _logger;
    private readonly MemoryBudget _budget;
    private readonly Lock _budgetLock = new();
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private volatile bool _draining;
    private volatile bool _readinessStopped;
    private volatile bool _preloaded;
    private int _disposed;

    public ModelRegistry(IOptions<RegistryOptions> options, InferenceExecutor executor, IModelLoader loader,
        InferenceQueueFactory queues, ICheckpointDownloader downloader, InferenceMetrics metrics, TimeProvider time,
        ILogger<ModelRegistry> logger)
    {
        _options = options.Value;
        // Every pass runs alone on the executor, so each engine gets all of its threads whatever MaxLoaded is.
        _intraOpThreads = executor.IntraOpThreads;
        _allowSpinning = executor.AllowSpinning;
        _loader = loader;
        _queues = queues;
        _downloader = downloader;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _budget = MemoryBudget.Resolve(_options.MaxMemoryBytes);
        Log.MemoryBudgetChosen(_logger, MemoryBudget.Describe(_budget.Bytes), _budget.Source);
        foreach (var entry in ModelCatalog.Entries)
        {
            _slots[entry.Name] = new ModelSlot(entry.Name, entry, discoveredPath: null);
        }
        foreach (var (name, path) in _options.Checkpoints.Where(c => !ModelCatalog.TryGet(c.Key, out _)))
        {
            _slots[name] = new ModelSlot(name, catalog: null, discoveredPath: path);
        }
    }

    public string DefaultModel => _options.DefaultModel;

    /// <remarks>
    /// Latched once every preloaded model has loaded: evicting or unloading one later only means its next request
    /// loads it again. Before, any request for another model that evicted a preloaded one (anonymous, beyond
    /// Models:MaxLoaded) turned readiness off until the preloaded model happened to be used again, taking the
    /// instance out of the load balancer's rotation.
    /// </remarks>
    public bool IsReady => !_readinessStopped && !_draining && (_preloaded || LatchPreloaded());

    /// <summary>Whether every preloaded model is loaded now, remembered from the first time it is.</summary>
    private bool LatchPreloaded() =>
        _preloaded = _options.Preload.All(name => _slots.TryGetValue(name, out var slot) && slot.Current is not null);

    public IReadOnlyList<ModelStatus> List()
    {
        DiscoverCheckpoints();
        return [.. _slots.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(StatusOf)];
    }

    public ModelStatus Get(string name) => StatusOf(Find(name));

    public async Task<ModelStatus> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var slot = Find(name);
        // An unload between the check and the reload's turn leaves nothing to reload: that is a first load. (It answered
        // 200 with the model left unloaded.)
        if (slot.Current is null || !await ReloadAsync(slot, cancellationToken))
        {
            slot.FailedFileStamp = null; // an explicit load always retries
            await ActivateAsync(slot, cancellationToken);
        }
        return StatusOf(slot);
    }

    public async Task<ModelStatus> UnloadAsync(string name, CancellationToken cancellationToken)
    {
        var slot = Find(name);
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Swap(null) is { } old)
            {
                Log.ModelUnloading(_logger, name);
                await old.RetireAsync(cancellationToken);
            }
        }
        finally
        {
            slot.Gate.Release();
        }
        return StatusOf(slot);
    }

    public void StopReadiness() => _readinessStopped = true;

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _readinessStopped = true;
        _draining = true;
        await Task.WhenAll(_slots.Values.Select(async slot =>
        {
            if (slot.Swap(null) is { } active) await active.RetireAsync(cancellationToken);
        }));
    }

    /// <summary>The refusal of <paramref name="count"/> images whose deadline passed before they reached a queue, counted as such.</summary>
    internal InferenceTimeoutException Expired(string name, int count, DateTimeOffset deadline)
    {
        _metrics.Rejected(name, RejectionReason.Deadline, count);
        return new InferenceTimeoutException(name, deadline);
    }

    /// <summary>
    /// Runs every image of one request through the same loaded version of the model, so a hot reload never mixes
    /// weights inside a response. A version retired between lookup and admission refuses all images at once; the
    /// request then goes to the version that replaced it.
    /// </summary>
    internal async Task<(ActiveModel Model, ImageOutputs[] Outputs)> RunAsync(string name, IReadOnlyList<ReadOnlyMemory<float>> images,
        OutputKinds kinds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var slot = Find(name);
        try
        {
            while (true)
            {
                ActiveModel active;
                try
                {
                    active = await ActivateAsync(slot, cancellationToken, deadline);
                }
                catch (InferenceTimeoutException)
                {
                    // Out of time while the model loaded: no queue saw these images, so none counted them.
                    _metrics.Rejected(name, RejectionReason.Deadline, images.Count);
                    throw;
                }
                active.Touch(_time.GetTimestamp());
                try
                {
                    return (active, await active.Queue.EnqueueAllAsync(images, kinds, deadline, cancellationToken));
                }
                catch (WorkerStoppedException) when (!_draining && !ReferenceEquals(slot.Current, active))
                {
                    // Retired by a reload or an unload after we looked it up: try the current version.
                }
            }
        }
        catch (WorkerStoppedException)
        {
            _metrics.Rejected(name, RejectionReason.Stopped, images.Count);
            throw;
        }
    }

    /// <summary>Called by the checkpoint watcher: reloads every loaded model whose checkpoint is this file.</summary>
    internal async Task CheckpointChangedAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        foreach (var slot in _slots.Values)
        {
            if (slot.Current is { CheckpointPath: { } loaded } && Path.GetFullPath(loaded) == fullPath)
            {
                await ReloadAsync(slot, cancellationToken);
            }
        }
    }

    /// <summary>Loads every <see cref="RegistryOptions.Preload"/> model; failures are logged and shown in the status.</summary>
    internal async Task PreloadAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_options.Preload.Select(async name =>
        {
            try
            {
                await ActivateAsync(Find(name), cancellationToken);
            }
            catch (InferenceException error)
            {
                Log.PreloadFailed(_logger, error, name);
            }
        }));
        // Latched here, not on the first probe: a request that evicted a preloaded model before anyone asked would
        // otherwise keep the instance unready until that model happened to be requested.
        LatchPreloaded();
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes this instance twice: once as ModelRegistry and once more as the IModelRegistry its
        // factory registration returned. A second CancelAsync on the disposed source threw and aborted the process at
        // exit (status 134 after SIGTERM).
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _lifetime.CancelAsync();
        await DrainAsync(CancellationToken.None);
        _lifetime.Dispose();
    }

    /// <exception cref="ModelNotFoundException">No catalogue model or checkpoint has that name.</exception>
    internal void ThrowIfUnknown(string name) => Find(name);

    /// <summary>The version that serves the model now, null while none is loaded; loads nothing.</summary>
    /// <exception cref="ModelNotFoundException">No catalogue model or checkpoint has that name.</exception>
    internal ActiveModel? CurrentVersion(string name) => Find(name).Current;

    private ModelSlot Find(string name)
    {
        if (_slots.TryGetValue(name, out var slot)) return slot;
        DiscoverCheckpoints();
        return _slots.TryGetValue(name, out slot) ? slot : throw new ModelNotFoundException(name, _slots.Keys.Order(StringComparer.Ordinal));
    }

    /// <param name="deadline">A request's deadline: while the checkpoint is still downloading when it passes, the request
    /// gets <see cref="ModelDownloadingException"/> (503 with Retry-After) instead of waiting minutes.</param>
    private Task<ActiveModel> ActivateAsync(ModelSlot slot, CancellationToken cancellationToken, DateTimeOffset? deadline = null)
    {
        if (slot.Current is { } current) return Task.FromResult(current);
        if (_draining) throw new WorkerStoppedException(slot.Name);

        Task<ActiveModel> load;
        lock (slot)
        {
            if (slot.Current is { } loaded) return Task.FromResult(loaded);
            if (slot.PendingLoad is null && slot.FailureReason is { } reason && slot.FailedFileStamp == CheckpointStamp(slot)
                && !(slot.RetryAt is { } retryAt && _time.GetUtcNow() >= retryAt))
            {
                throw new ModelLoadFailedException(slot.Name, reason, retryAfter: slot.RetryAt - _time.GetUtcNow());
            }
            load = slot.PendingLoad ??= LoadFirstVersionAsync(slot);
        }
        return deadline is { } due ? WaitForLoadAsync(slot, load, due, cancellationToken) : load.WaitAsync(cancellationToken);
    }

    private async Task<ActiveModel> WaitForLoadAsync(ModelSlot slot, Task<ActiveModel> load, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var remaining = deadline - _time.GetUtcNow();
        // A request without a deadline carries DateTimeOffset.MaxValue, beyond what a timer can count.
        var wait = remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining >= LongestTimer ? Timeout.InfiniteTimeSpan : remaining;
        try
        {
            return await load.WaitAsync(wait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            if (slot.Download is { } download)
                throw new ModelDownloadingException(slot.Name, download.Describe(), download.EstimatedRemaining());
        }

        // An ordinary load that outlives the deadline goes on for the requests after this one; this one is answered now.
        throw new InferenceTimeoutException(slot.Name, deadline);
    }

    private async Task<ActiveModel> LoadFirstVersionAsync(ModelSlot slot)
    {
        await Task.Yield(); // the caller holds the slot's lock
        await slot.Gate.WaitAsync(_lifetime.Token);
        try
        {
            if (slot.Current is { } raced) return raced;
            var active = await LoadVersionAsync(slot, _lifetime.Token);
            slot.Swap(active);
            slot.FailureReason = null;
            slot.ReloadFailureReason = null; // a fresh load has no previous weights to be serving
            slot.FailedFileStamp = null;
            slot.RetryAt = null;
            await EvictBeyondLimitAsync(keep: slot);
            return active;
        }
        finally
        {
            lock (slot) slot.PendingLoad = null;
            lock (_budgetLock) slot.ReservedBytes = 0; // served now (counted as Current) or failed
            slot.Gate.Release();
        }
    }

    /// <returns>False when no version was loaded to replace.</returns>
    private async Task<bool> ReloadAsync(ModelSlot slot, CancellationToken cancellationToken)
    {
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Current is not { } old) return false;
            ActiveModel next;
            try
            {
                next = await LoadVersionAsync(slot, cancellationToken);
            }
            catch (InferenceException error)
            {
                slot.ReloadFailureReason = error.Message;
                Log.ReloadFailed(_logger, slot.Name);
                return true;
            }

            // The file loads now: an earlier failed reload's verdict on it must not outlive this (after an eviction it
            // showed the model as failed while its next request loaded fine).
            slot.FailureReason = null;
            slot.FailedFileStamp = null;
            slot.RetryAt = null;
            slot.ReloadFailureReason = null;
            if (next.Identity.Sha256 == old.Identity.Sha256 && next.CheckpointPath == old.CheckpointPath)
            {
                await next.RetireAsync(cancellationToken); // same bytes: keep the version already serving
                return true;
            }

            slot.Swap(next);
            Log.ModelReloaded(_logger, slot.Name, old.Identity.Sha256, next.Identity.Sha256);
            await old.RetireAsync(cancellationToken);
            return true;
        }
        finally
        {
            lock (_budgetLock) slot.ReservedBytes = 0;
            slot.Gate.Release();
        }
    }

    /// <summary>Finds or fetches the checkpoint, loads it on a background thread and starts its batching worker.</summary>
    private async Task<ActiveModel> LoadVersionAsync(ModelSlot slot, CancellationToken cancellationToken)
    {
        var path = LocateCheckpoint(slot);
        if (path is null && !_options.AllowRandomWeights && !(_options.AutoDownload && slot.Catalog is not null))
        {
            throw NotAvailable(slot);
        }

        long started;
        LoadedWeights weights;
        try
        {
            if (path is null && _options.AutoDownload && slot.Catalog is { } entry)
            {
                path = await DownloadAsync(slot, entry, cancellationToken);
            }
            var request = new ModelLoadRequest(slot.Name, slot.Catalog, path, _intraOpThreads, _options.BackendFor(slot.Name), _allowSpinning);
            await MakeRoomAsync(slot, _loader.EstimateMemoryBytes(request));
            // Timed from here: the load itself, not the download or the wait for room before it.
            started = _time.GetTimestamp();
            Log.ModelLoading(_logger, slot.Name, path ?? "random weights");
            weights = await Task.Factory.StartNew(() => _loader.Load(request, cancellationToken), cancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (InferenceException error) when (error is not (ModelLoadFailedException or ModelMemoryBusyException))
        {
            throw LoadFailed(slot, error.Message, error);
        }

        var queue = _queues.Create(slot.Name, weights.Backend, weights.Runner);
        try
        {
            // Ready means fast: the first pass's one-off costs are paid here, before readiness or a reload's switch.
            await queue.WarmUpAsync().WaitAsync(cancellationToken);
        }
        catch (Exception error)
        {
            // Cancelled or failed, the queue owns the runner and must not outlive this load.
            await queue.DisposeAsync();
            if (error is OperationCanceledException)
                throw;
            throw LoadFailed(slot, $"the first forward pass failed: {error.Message}", error);
        }

        // The load's temporaries (checkpoint bytes, the unfolded network, the fold's float64 copies) are freed by now.
        GlibcAllocator.ReleaseFreeMemory();
        var elapsed = _time.GetElapsedTime(started);
        _metrics.ModelLoaded(slot.Name, weights.Backend, elapsed);
        Log.ModelLoaded(_logger, slot.Name, elapsed, weights.ParameterCount, weights.Backend.ToName(), _options.Device);
        var identity = path is null
            ? new ModelIdentity(slot.Name, CheckpointFile: null, Sha256: null, RandomWeightsWarning)
            : new ModelIdentity(slot.Name, Path.GetFileName(path), weights.Sha256, Warning: null);
        if (path is null) Log.ServingRandomWeights(_logger, slot.Name);
        return new ActiveModel(queue, identity, path, weights.Classes, weights.Runner.FeatureDim,
            weights.ParameterCount, weights.MemoryBytes, _time.GetTimestamp());
    }

    /// <summary>One download per model at a time: the slot's pending load, which every waiting request shares, runs it.</summary>
    private async Task<string> DownloadAsync(ModelSlot slot, ModelCatalogEntry entry, CancellationToken cancellationToken)
    {
        var tracker = new DownloadTracker(slot.Name, _logger, _time);
        slot.Download = tracker;
        Log.CheckpointDownloading(_logger, slot.Name, _options.Directory);
        try
        {
            return (await _downloader.DownloadAsync(entry, _options.Directory, tracker, cancellationToken)).Path;
        }
        finally
        {
            slot.Download = null;
        }
    }

    /// <summary>
    /// Records why <paramref name="slot"/> failed and gives the exception to throw. The failure stands until the file
    /// changes, except a download that could not reach the server: that one is retried after Models:DownloadRetryDelay.
    /// </summary>
    private ModelLoadFailedException LoadFailed(ModelSlot slot, string reason, Exception error)
    {
        TimeSpan? retryAfter = null;
        if (error is CheckpointDownloadException { Code: CheckpointDownloadException.DownloadFailedCode })
        {
            retryAfter = _options.DownloadRetryDelay;
            reason = $"{reason.TrimEnd('.')}. Without network access, fetch it on another machine with `resnext download {slot.Name}` and copy it into " +
                $"'{_options.Directory}'; the next request after {retryAfter.Value.TotalSeconds:0} s tries the download again.";
        }
        slot.FailureReason = reason;
        slot.FailedFileStamp = CheckpointStamp(slot);
        slot.RetryAt = _time.GetUtcNow() + retryAfter;
        Log.LoadFailed(_logger, error, slot.Name);
        _metrics.ModelLoadFailed(slot.Name);
        return new ModelLoadFailedException(slot.Name, reason, error, retryAfter);
    }

    /// <summary>
    /// Reserves <paramref name="neededBytes"/> of the byte budget for <paramref name="slot"/>'s next version, unloading the
    /// least recently used idle models until it fits. Before the load, so peaks never stack past the budget; a reload counts
    /// the old version too, since both are held until the switch.
    /// </summary>
    /// <exception cref="ModelTooLargeException">It would not fit even alone.</exception>
    /// <exception cref="ModelMemoryBusyException">It fits alone, but the models holding the rest are busy.</exception>
    private async Task MakeRoomAsync(ModelSlot slot, long neededBytes)
    {
        if (neededBytes > _budget.Bytes) throw new ModelTooLargeException(slot.Name, neededBytes, _budget);

        List<(string Name, ActiveModel Model)> evicted = [];
        lock (_budgetLock)
        {
            var used = _slots.Values.Sum(s => (s.Current?.MemoryBytes ?? 0) + s.ReservedBytes);
            foreach (var candidate in EvictionCandidates(except: slot))
            {
                if (used + neededBytes <= _budget.Bytes) break;
                if (candidate.Swap(null) is not { } model) continue;
                used -= model.MemoryBytes;
                evicted.Add((candidate.Name, model));
            }
            if (used + neededBytes > _budget.Bytes)
            {
                foreach (var (name, model) in evicted) _slots[name].Swap(model); // nothing gained: put them back
                throw new ModelMemoryBusyException(slot.Name, neededBytes, _budget.Bytes - used, _budget.Bytes, MemoryBusyRetryAfter);
            }
            slot.ReservedBytes = neededBytes;
        }

        foreach (var (name, model) in evicted)
        {
            Log.ModelEvictedForMemory(_logger, name, MemoryBudget.Describe(model.MemoryBytes), slot.Name, MemoryBudget.Describe(_budget.Bytes));
            await model.RetireAsync(_lifetime.Token);
        }
    }

    /// <summary>Unloads least recently used idle models until at most MaxLoaded remain; busy ones are never evicted.</summary>
    private async Task EvictBeyondLimitAsync(ModelSlot keep)
    {
        var excess = _slots.Values.Count(s => s != keep && s.Current is not null) + 1 - _options.MaxLoaded;
        foreach (var slot in EvictionCandidates(except: keep).Take(Math.Max(0, excess)))
        {
            if (slot.Swap(null) is { } evicted)
            {
                Log.ModelEvicted(_logger, slot.Name, _options.MaxLoaded);
                await evicted.RetireAsync(_lifetime.Token);
            }
        }
    }

    /// <summary>
    /// The loaded models that may be unloaded to make room, least recently used first: idle ones (nothing queued), other than
    /// <paramref name="except"/>, and none mid-load or mid-reload (a slot with a reservation owns its version until then).
    /// </summary>
    private IEnumerable<ModelSlot> EvictionCandidates(ModelSlot except) =>
        _slots.Values
            .Where(s => s != except && s.ReservedBytes == 0 && s.Current is { } c && c.Queue.GetStats().QueueDepth == 0)
            .OrderBy(s => s.Current!.LastUsed);

    private ModelNotAvailableException NotAvailable(ModelSlot slot) =>
        _options.Checkpoints.TryGetValue(slot.Name, out var configured)
            ? new ModelNotAvailableException(slot.Name, _options.Directory, configured)
            : new ModelNotAvailableException(slot.Name, _options.Directory, inCatalogue: slot.Catalog is not null, _options.AutoDownload);

    private string? LocateCheckpoint(ModelSlot slot) =>
        _options.Checkpoints.TryGetValue(slot.Name, out var configured) ? (File.Exists(configured) ? configured : null)
        : slot.Catalog is { } entry ? CheckpointLocator.Find(entry, _options.Directory)
        : slot.DiscoveredPath is { } path && File.Exists(path) ? path
        : null;

    private DateTime? CheckpointStamp(ModelSlot slot) =>
        LocateCheckpoint(slot) is { } path ? File.GetLastWriteTimeUtc(path) : null;

    /// <summary>
    /// Adds checkpoints dropped into the models folder that are not catalogue models; their architecture is read
    /// from their keys at load time. Names are file stems restricted to safe characters, so no request can name a path.
    /// </summary>
    private void DiscoverCheckpoints()
    {
        if (!System.IO.Directory.Exists(_options.Directory)) return;
        var officialFiles = ModelCatalog.Entries.Select(e => e.CheckpointFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(_options.Directory))
        {
            var fileName = Path.GetFileName(file);
            if (!CheckpointLocator.Extensions.Contains(Path.GetExtension(fileName), StringComparer.Ordinal) || officialFiles.Contains(fileName)) continue;
            var name = Path.GetFileNameWithoutExtension(fileName);
            if (!name.All(RegistryOptions.IsNameCharacter) || ModelCatalog.TryGet(name, out _)) continue;
            _slots.TryAdd(name, new ModelSlot(name, catalog: null, discoveredPath: file));
        }
    }

    private ModelStatus StatusOf(ModelSlot slot)
    {
        var active = slot.Current;
        var path = active?.CheckpointPath ?? LocateCheckpoint(slot);
        var state = active is not null ? ModelState.Ready
            : slot.PendingLoad is not null ? ModelState.Loading
            : slot.FailureReason is not null ? ModelState.Failed
            : path is not null || _options.AllowRandomWeights ? ModelState.Available
            : ModelState.NotDownloaded;
        var reason = state switch
        {
            ModelState.Loading when slot.Download is { } download => $"Downloading its checkpoint: {download.Describe()}",
            ModelState.Failed => slot.FailureReason,
            ModelState.NotDownloaded => NotAvailable(slot).Message,
            ModelState.Ready => slot.ReloadFailureReason is { } reload ? $"Serving the previous weights; the last reload failed: {reload}" : null,
            _ => null,
        };
        return new ModelStatus(slot.Name, state, reason, path, active?.Identity.Sha256, slot.Catalog, active?.ParameterCount,
            active?.MemoryBytes, active?.Queue.GetStats().QueueDepth ?? 0, active?.Identity.Warning is not null,
            active?.Queue.Backend ?? _options.BackendFor(slot.Name));
    }
}
