using System.Diagnostics;
using InfoHub.Testing;

namespace InfoHub.Bench.Gateway;

/// <summary>One address wrk loads, and the processes that do the work behind it (whose CPU time is counted).</summary>
public sealed record LoadTarget(string Name, Uri BaseAddress, ServiceProcess? Proxy, ServiceProcess Service)
{
    /// <summary>The proxy's and the service's CPU time so far (user + system).</summary>
    public (TimeSpan Proxy, TimeSpan Service) CpuTime() => (Proxy is null ? TimeSpan.Zero : Cpu(Proxy), Cpu(Service));

    private static TimeSpan Cpu(ServiceProcess service)
    {
        if (service.HasExited) throw new InvalidOperationException($"{service.Name} (pid {service.Pid}) exited during the bench:{Environment.NewLine}{service.Output}");
        using var process = Process.GetProcessById(service.Pid);
        return process.TotalProcessorTime;
    }
}

/// <summary>
/// The directory alone (in-memory bus, SQLite in a temporary folder, no broker needed), and in front of it, each on its
/// own loopback port: the real gateway, a bare YARP proxy (<c>bench/InfoHub.Bench.BareProxy</c>), and optionally
/// another build of the gateway. Every process is stopped by its own PID.
/// </summary>
public sealed class ProxyTargets : IAsyncDisposable
{
    /// <summary>The gateway's per-client limit for the run: wrk sends tens of thousands of requests a second from one address.</summary>
    public const string UnlimitedPermits = "1000000";

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("infohub-gateway-bench-").FullName;
    private readonly List<ServiceProcess> _processes = [];

    private ProxyTargets() { }

    /// <summary>direct, bare YARP, gateway, and "gateway (before)" when another build was given; in that order.</summary>
    public IReadOnlyList<LoadTarget> Targets { get; private set; } = [];

    public static async Task<ProxyTargets> StartAsync(string? beforeGateway)
    {
        var targets = new ProxyTargets();
        try
        {
            // Nothing here presents a token; the services only need an issuer's address to start.
            var nowhere = $"http://127.0.0.1:{Ports.Free()}/";
            var directory = await targets.StartAsync("directory", RepoPaths.Executable("services/directory", "InfoHub.Directory"), new Dictionary<string, string>
            {
                ["Auth__Authority"] = nowhere,
                ["Auth__RequireHttpsMetadata"] = "false",
                ["Messaging__Transport"] = "InMemory",
                ["Storage__Provider"] = "Sqlite",
                ["Storage__DataDirectory"] = System.IO.Path.Combine(targets._root, "directory"),
                ["Logging__LogLevel__Default"] = "Warning",
            });
            await directory.WaitUntilHealthyAsync("/health/live");

            var bare = await targets.StartAsync("bare-yarp", RepoPaths.Executable("bench", "InfoHub.Bench.BareProxy"), new Dictionary<string, string>
            {
                ["ReverseProxy__Clusters__target__Destinations__only__Address"] = directory.BaseAddress.ToString(),
            });
            var gateway = await targets.StartAsync("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), GatewaySettingsFor(directory, nowhere));
            var before = beforeGateway is null ? null : await targets.StartAsync("gateway-before", beforeGateway, GatewaySettingsFor(directory, nowhere));

            // The bare proxy maps no health endpoint; the bench waits for each target's first proxied answer.
            await Task.WhenAll(new[] { gateway, before }.OfType<ServiceProcess>().Select(p => p.WaitUntilHealthyAsync("/health/live")));

            targets.Targets =
            [
                new LoadTarget("direct", directory.BaseAddress, null, directory),
                new LoadTarget("bare YARP", bare.BaseAddress, bare, directory),
                new LoadTarget("gateway", gateway.BaseAddress, gateway, directory),
                .. before is null ? Array.Empty<LoadTarget>() : [new LoadTarget("gateway (before)", before.BaseAddress, before, directory)],
            ];
            return targets;
        }
        catch
        {
            await targets.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The gateway as it ships (its appsettings.json: logging, health checks, timeouts, telemetry), with every cluster
    /// but the directory's pointed at a closed port and not probed, and the rate limit lifted.
    /// </summary>
    private static Dictionary<string, string> GatewaySettingsFor(ServiceProcess directory, string nowhere)
    {
        var environment = GatewayEnvironment.Destinations(new Dictionary<string, string> { ["directory"] = directory.BaseAddress.ToString() }, nowhere);
        environment["Auth__Authority"] = nowhere;
        environment["Auth__RequireHttpsMetadata"] = "false";
        environment["Gateway__RateLimits__AnonymousPermits"] = UnlimitedPermits;
        environment["Gateway__RateLimits__SignedInPermits"] = UnlimitedPermits;
        environment["Gateway__RateLimits__Window"] = "00:00:01";
        return environment;
    }

    /// <summary>Starts the process on a free port and waits until it listens there itself; on another port if it lost a race for that one.</summary>
    private async Task<ServiceProcess> StartAsync(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = ServiceProcess.Start(name, dll, Ports.Free(), environment);
            try
            {
                await OwnPort.WaitUntilListeningAsync(process, TimeSpan.FromSeconds(60));
                _processes.Add(process);
                return process;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"  {name}: port {process.BaseAddress.Port} was taken by another process meanwhile; trying another");
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Everything the processes printed, for a failure's message.</summary>
    public string Output => string.Join(Environment.NewLine, _processes.Select(p => $"--- {p.Name} (pid {p.Pid}){Environment.NewLine}{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        // Proxies first, then the directory behind them.
        foreach (var process in Enumerable.Reverse(_processes)) await process.DisposeAsync();
        try { System.IO.Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
