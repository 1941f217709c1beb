namespace ResNeXt.Inference.Registry;

/// <summary>
/// The registry's bookkeeping for one model name. <see cref="Gate"/> serialises loads, reloads and unloads of this
/// model; readers take <see cref="Current"/> without locking (it is swapped atomically).
/// </summary>
internal sealed class ModelSlot(string name, ModelCatalogEntry? catalog, string? discoveredPath)
{
    private ActiveModel? _current;

    public string Name { get; } = name;

    /// <summary>Null for a checkpoint found in the models folder that is not a catalogue model.</summary>
    public ModelCatalogEntry? Catalog { get; } = catalog;

    /// <summary>For discovered checkpoints: the file that defines the model.</summary>
    public string? DiscoveredPath { get; } = discoveredPath;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ActiveModel? Current => Volatile.Read(ref _current);

    public ActiveModel? Swap(ActiveModel? next) => Interlocked.Exchange(ref _current, next);

    /// <summary>The load in progress, shared by every request that waits for it.</summary>
    public Task<ActiveModel>? PendingLoad { get; set; }

    /// <summary>Why the last load failed; cleared by a successful load.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Last write time of the checkpoint that failed, so a fixed file is retried without an explicit load.</summary>
    public DateTime? FailedFileStamp { get; set; }

    /// <summary>The automatic download under way, or null.</summary>
    public DownloadTracker? Download { get; set; }

    /// <summary>After a failed download: when the next request may try again (null: only a changed file or an explicit load retries).</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Why the last hot reload failed while the previous weights kept serving.</summary>
    public string? ReloadFailureReason { get; set; }

    /// <summary>Bytes of the byte budget held for a version being loaded, until it serves or fails.</summary>
    public long ReservedBytes { get; set; }
}
