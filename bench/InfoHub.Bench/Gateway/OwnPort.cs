using System.Globalization;
using InfoHub.Testing;

namespace InfoHub.Bench.Gateway;

/// <summary>
/// Whether a started process itself listens on its port (Linux: <c>/proc/net/tcp</c> and the process's open sockets).
/// A port found free can be taken by another process before ours binds it, on a machine where others run tests too;
/// that process may even answer the same health check and the same request, and be measured in our stead.
/// </summary>
public static class OwnPort
{
    public static async Task WaitUntilListeningAsync(ServiceProcess process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited:{Environment.NewLine}{process.Output}");
            if (Listens(process.Pid, process.BaseAddress.Port)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{process.Name} (pid {process.Pid}) did not listen on port {process.BaseAddress.Port} in {timeout.TotalSeconds:F0} s:{Environment.NewLine}{process.Output}");
    }

    private static bool Listens(int pid, int port)
    {
        var sockets = ListeningSockets(port);
        if (sockets.Count == 0) return false;
        try
        {
            return new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
                .Select(fd => fd.LinkTarget)
                .Any(target => target is not null && sockets.Contains(target));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The <c>socket:[inode]</c> names of the IPv4 and IPv6 sockets listening on <paramref name="port"/>.</summary>
    private static HashSet<string> ListeningSockets(int port)
    {
        const string listen = "0A";
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && f[3] == listen)
            .Select(f => $"socket:[{f[9]}]")
            .ToHashSet();
    }
}
