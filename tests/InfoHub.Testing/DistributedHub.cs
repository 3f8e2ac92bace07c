namespace InfoHub.Testing;

/// <summary>
/// The distributed mode for real: directory, contacts and the gateway as separate OS processes on loopback ports,
/// each service with its own SQLite folder, all talking through the given RabbitMQ broker.
/// </summary>
public sealed class DistributedHub : IAsyncDisposable
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("infohub-distributed-").FullName;
    private readonly List<ServiceProcess> _processes = [];

    private DistributedHub() { }

    public ServiceProcess Directory { get; private set; } = null!;
    public ServiceProcess Contacts { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>A client for the gateway, the public entrance.</summary>
    public HttpClient Client { get; private set; } = null!;

    public string DataDirectory(string service) => Path.Combine(_root, service);

    /// <param name="broker">The broker URI the services use (possibly through a <see cref="TcpProxy"/>).</param>
    /// <param name="serviceEnvironment">Extra settings for every service process, e.g. short retry intervals.</param>
    public static async Task<DistributedHub> StartAsync(Uri broker, IReadOnlyDictionary<string, string>? serviceEnvironment = null)
    {
        var hub = new DistributedHub();
        try
        {
            hub.Directory = hub.StartService("directory", "services/directory", "InfoHub.Directory", broker, serviceEnvironment);
            hub.Contacts = hub.StartService("contacts", "services/contacts", "InfoHub.Contacts", broker, serviceEnvironment);
            hub.Gateway = hub.Track(ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), Ports.Free(), new Dictionary<string, string>
            {
                ["ReverseProxy__Clusters__directory__Destinations__primary__Address"] = hub.Directory.BaseAddress.ToString(),
                ["ReverseProxy__Clusters__contacts__Destinations__primary__Address"] = hub.Contacts.BaseAddress.ToString(),
                // Not started here: pointed at free ports so that no stray local process answers for them.
                ["ReverseProxy__Clusters__resources__Destinations__primary__Address"] = $"http://127.0.0.1:{Ports.Free()}/",
                ["ReverseProxy__Clusters__news-digest__Destinations__primary__Address"] = $"http://127.0.0.1:{Ports.Free()}/",
                ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = $"http://127.0.0.1:{Ports.Free()}/",
            }));
            // Contacts must have declared its queues before the directory publishes, or the first events have nowhere to go.
            await Task.WhenAll(
                hub.Directory.WaitUntilHealthyAsync(),
                hub.Contacts.WaitUntilHealthyAsync(),
                hub.Gateway.WaitUntilHealthyAsync("/health/live"));
            hub.Client = new HttpClient { BaseAddress = hub.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    private ServiceProcess StartService(string name, string folder, string project, Uri broker, IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMq"] = broker.ToString(),
            ["Storage__Provider"] = "Sqlite",
            ["Storage__DataDirectory"] = DataDirectory(name),
            ["Outbox__PollInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        return Track(ServiceProcess.Start(name, RepoPaths.Executable(folder, project), Ports.Free(), environment));
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>Everything the processes printed, for a failing test's message.</summary>
    public string Output => string.Join(Environment.NewLine, _processes.Select(p => $"--- {p.Name} (pid {p.Pid}){Environment.NewLine}{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        try { System.IO.Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
