using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.Options;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Lifecycle;

/// <summary>
/// Graceful shutdown in three steps, all inside <see cref="ShutdownOptions.Timeout"/>: readiness turns false at once
/// while requests are still served for <see cref="ShutdownOptions.GracePeriod"/>; then the server stops accepting and
/// waits for the requests it accepted; then the registry drains whatever they left queued.
/// </summary>
/// <remarks>
/// This runs in <see cref="IHostedLifecycleService.StoppingAsync"/>, before any hosted service stops. Minimal hosting
/// registers the web server's hosted service first, and the host stops services in reverse order, so without this the
/// registry (<see cref="ModelRegistryService"/>) would drain while Kestrel still accepts, answering late requests with
/// 503. Stopping the server here is safe: Kestrel's StopAsync runs once and later calls wait for that same stop.
/// </remarks>
internal sealed class GracefulShutdownService(IModelRegistry registry, IServer server, IOptions<ShutdownOptions> options,
    TimeProvider time, ILogger<GracefulShutdownService> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var gracePeriod = options.Value.GracePeriod;
        registry.StopReadiness();
        Log.LeavingRotation(logger, gracePeriod);
        // A shutdown timeout that fires during the grace period must still stop the server and drain, not skip them.
        await Task.Delay(gracePeriod, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        Log.StoppingServer(logger);
        // When Shutdown:Timeout elapses Kestrel aborts every connection still open, and requests whose images were
        // still queued lost their answer (a connection reset, logged as the client's hang-up). So at that moment the
        // queues are given up first, their images answered 503 at once, and Kestrel gets a moment to send those answers.
        using var abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        Task abandoned = Task.CompletedTask;
        using (cancellationToken.UnsafeRegister(_ =>
        {
            Log.ShutdownTimedOut(logger);
            abandoned = registry.DrainAsync(new CancellationToken(canceled: true));
            abort.CancelAfter(AnswerAllowance);
        }, null))
        {
            await server.StopAsync(abort.Token);
        }
        Log.Draining(logger);
        await registry.DrainAsync(cancellationToken);
        await abandoned;
    }

    /// <summary>How long answers to requests given up at the timeout get to reach their clients before Kestrel aborts.</summary>
    internal static readonly TimeSpan AnswerAllowance = TimeSpan.FromSeconds(1);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
