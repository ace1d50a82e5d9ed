using System.Net;
using System.Net.Sockets;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Finds a currently unused loopback port for servers that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
