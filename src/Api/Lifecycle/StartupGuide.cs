using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ResNeXt.Api.Extensions;
using ResNeXt.Api.OpenInference;
using ResNeXt.Inference.Registry;

namespace ResNeXt.Api.Lifecycle;

/// <summary>
/// Tells a newcomer where to go once the server listens: the demo page, Swagger UI and a first request to copy.
/// The addresses are the ones Kestrel actually bound (port 0, several URLs), known only after it started.
/// </summary>
internal sealed class StartupGuide(IServer server, ILogger<StartupGuide> logger, IOptions<OpenInferenceOptions> openInference)
    : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null) return Task.CompletedTask;
        var grpcPort = OpenInferenceOptions.PortOf(openInference.Value.GrpcUrl);
        foreach (var address in addresses)
        {
            var root = address.TrimEnd('/');
            // A browser or curl cannot talk to the HTTP/2-only gRPC port, so it gets no demo page or curl line.
            if (grpcPort is { } port && Uri.TryCreate(root, UriKind.Absolute, out var bound) && bound.Port == port)
            {
                Log.GrpcEndpoint(logger, root);
                continue;
            }
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
