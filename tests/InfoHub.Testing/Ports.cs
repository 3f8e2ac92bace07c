using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace InfoHub.Testing;

public static class Ports
{
    // The kernel may hand the same free port to two askers once the first has let it go and before its process binds
    // it: two processes of parallel tests would then race for one port, and the gateway would send one service's
    // requests to another (a 404 from "identity" that was a directory). Within this process, a port is handed out once.
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A loopback port free at the time of asking, and not handed out before by this process.</summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0)) return port;
        }
    }
}
