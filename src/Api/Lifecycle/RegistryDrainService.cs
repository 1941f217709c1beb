using ResNeXt.Api.Extensions;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Lifecycle;

/// <summary>
/// Graceful shutdown: right after ApplicationStopping fires, readiness turns false (so the load balancer stops
/// sending) and every accepted inference request finishes, within the host's shutdown timeout.
/// </summary>
internal sealed class RegistryDrainService(IModelRegistry registry, ILogger<RegistryDrainService> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Log.Draining(logger);
        await registry.DrainAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
