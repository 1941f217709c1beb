using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ResNeXt.Api.Extensions;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Lifecycle;

/// <summary>
/// Tells a newcomer where to go once the server listens: the demo page, Swagger UI and a first request to copy.
/// The addresses are the ones Kestrel actually bound (port 0, several URLs), known only after it started.
/// </summary>
internal sealed class StartupGuide(IServer server, ILogger<StartupGuide> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null) return Task.CompletedTask;
        foreach (var address in addresses)
        {
            var root = address.TrimEnd('/');
            Log.WhereToGo(logger, root, $"curl -F image=@photo.jpg {root}/v1/models/{ModelCatalog.DefaultModel}/predict");
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
