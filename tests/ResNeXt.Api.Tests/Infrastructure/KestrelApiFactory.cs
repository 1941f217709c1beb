using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ResNeXt.Api.Tests.Infrastructure;

/// <summary>The API on a real Kestrel socket (127.0.0.1, a free port), for clients that cannot use the in-memory test server.</summary>
public sealed class KestrelApiFactory : ApiFactory, IAsyncLifetime
{
    public KestrelApiFactory()
    {
        UseKestrel(0);
    }

    public Uri Address { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.Single());
        return ValueTask.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
