using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using ResNeXt.Api.Tests.RealEngine;

namespace ResNeXt.Api.Tests.OpenInference;

/// <summary>The real engine behind a real Kestrel socket speaking HTTP/2 without TLS, for a gRPC client that is not in-process.</summary>
public sealed class GrpcEngineFactory : RealEngineFactory, IAsyncLifetime
{
    public GrpcEngineFactory()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
    }

    /// <summary>host:port, as gRPC clients take it.</summary>
    public string Target { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        StartServer();
        var address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Target = $"{address.Host}:{address.Port}";
        return ValueTask.CompletedTask;
    }
}
