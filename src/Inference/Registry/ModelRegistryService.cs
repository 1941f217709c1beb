using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResNeXt.Inference.Preprocessing;
using ResNeXt.Inference.Telemetry;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// Runs the registry's background duties: preloading at start, and reloading a model when its checkpoint file
/// changes on disk. Writers typically produce several change events per file (create, many writes, rename), so
/// changes are applied once the folder has been quiet for <see cref="QuietPeriod"/>. Draining on shutdown belongs to
/// the host, which must first stop accepting requests (the API's GracefulShutdownService); without a host, disposing
/// the registry drains it.
/// </summary>
public sealed class ModelRegistryService(ModelRegistry registry, IOptions<RegistryOptions> options, TimeProvider time,
    ILogger<ModelRegistryService> logger) : BackgroundService
{
    /// <summary>How long a checkpoint must stay unchanged before it is reloaded.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.JpegDecoder(logger, JpegDecoding.Backend.ToName());
        if (JpegDecoding.UnavailableReason is { } reason) Log.JpegFallback(logger, reason);
        Log.PngDecoder(logger, PngDecoding.Backend.ToName());
        if (PngDecoding.UnavailableReason is { } pngReason) Log.PngFallback(logger, pngReason);
        using var watcher = CreateWatcher();
        try
        {
            await registry.PreloadAsync(stoppingToken);
        }
        // The host stopping during the preloads (a start that failed to bind its port) is not this service's fault; it was
        // logged as "BackgroundService failed" and "crit: ... StopHost" above the real error.
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        if (watcher is null) return;

        var pending = new HashSet<string>(StringComparer.Ordinal);
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            // Collect every path that changes until the folder has been quiet for a while.
            do
            {
                while (_changes.Reader.TryRead(out var path)) pending.Add(path);
            }
            while (await QuietFor(QuietPeriod, stoppingToken) is false);

            foreach (var path in pending)
            {
                Log.CheckpointChanged(logger, path);
                await registry.CheckpointChangedAsync(path, stoppingToken);
            }
            pending.Clear();
        }
    }

    /// <summary>True when no new change arrived within <paramref name="period"/>.</summary>
    private async Task<bool> QuietFor(TimeSpan period, CancellationToken cancellationToken)
    {
        using var quiet = new CancellationTokenSource(period, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        try
        {
            return !await _changes.Reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private FileSystemWatcher? CreateWatcher()
    {
        var directory = options.Value.Directory;
        if (!options.Value.WatchForChanges || !Directory.Exists(directory)) return null;
        var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Changed += (_, e) => _changes.Writer.TryWrite(e.FullPath);
        watcher.Created += (_, e) => _changes.Writer.TryWrite(e.FullPath);
        watcher.Renamed += (_, e) => _changes.Writer.TryWrite(e.FullPath);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
