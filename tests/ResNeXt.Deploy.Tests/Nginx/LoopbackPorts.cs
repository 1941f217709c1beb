using System.Net;
using System.Net.Sockets;

namespace ResNeXt.Deploy.Tests.Nginx;

/// <summary>Ports that were free a moment ago, so test instances never collide with each other or a running service.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
