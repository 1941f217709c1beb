using System.Net;
using System.Net.Sockets;

namespace ResNeXt.Benchmarks.Startup;

internal static class LoopbackPort
{
    /// <summary>
    /// A port nothing listens on now, chosen by the kernel. It is released before the service binds it, so another
    /// process could take it in between; the service would then fail to start and say so, which is rare enough here.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
