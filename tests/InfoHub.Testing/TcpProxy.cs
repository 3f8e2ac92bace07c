using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace InfoHub.Testing;

/// <summary>
/// A loopback TCP relay between InfoHub processes and the broker. <see cref="Block"/> cuts every connection and
/// refuses new ones, as a broker outage would, without touching a broker other tests may share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Upstream)> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private volatile bool _blocked;

    public TcpProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int OpenConnections => _connections.Count;

    public void Block()
    {
        _blocked = true;
        foreach (var (id, pair) in _connections)
        {
            Close(pair);
            _connections.TryRemove(id, out _);
        }
    }

    public void Unblock() => _blocked = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }

            if (_blocked)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
        }
        catch (Exception)
        {
            client.Dispose();
            upstream.Dispose();
            return;
        }
        var id = Guid.NewGuid();
        var pair = (client, upstream);
        _connections[id] = pair;
        if (_blocked) // blocked while this connection was being set up: cut it too
        {
            _connections.TryRemove(id, out _);
            Close(pair);
            return;
        }
        try
        {
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception)
        {
            // a cut connection ends here
        }
        finally
        {
            _connections.TryRemove(id, out _);
            Close(pair);
        }
    }

    private static void Close((TcpClient Client, TcpClient Upstream) pair)
    {
        pair.Client.Dispose();
        pair.Upstream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Block();
        try { await _acceptLoop; } catch (Exception) { /* stopping */ }
        _stop.Dispose();
    }
}
