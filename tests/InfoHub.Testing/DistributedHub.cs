using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace InfoHub.Testing;

/// <summary>
/// The distributed mode for real: identity, directory, contacts and the gateway as separate OS processes on loopback
/// ports, each service with its own SQLite folder, all talking through the given RabbitMQ broker and accepting only
/// tokens the identity service issued (its issuer is the gateway's address, as in a deployment). Directory and
/// contacts may run as several instances: each instance of a service shares that service's store (one SQLite file)
/// and is a destination of the gateway's cluster for it.
/// </summary>
public sealed class DistributedHub : IAsyncDisposable
{
    /// <summary>A client-credentials client with the secretariat role, declared to the identity service by configuration.</summary>
    public const string SecretariatClient = "hub-secretariat";
    public const string SecretariatSecret = "hub-secretariat-secret-0123456789";

    /// <summary>A partner system's client, declared the same way.</summary>
    public const string PartnerClient = "hub-partner";
    public const string PartnerSecret = "hub-partner-secret-0123456789";

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("infohub-distributed-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private readonly List<HttpClient> _clients = [];

    private DistributedHub() { }

    /// <summary>What a service started later (<see cref="StartNewsDigestAsync"/>) is started with.</summary>
    private (Uri Broker, IReadOnlyDictionary<string, string> Auth, IReadOnlyDictionary<string, string>? Extra) _settings;

    public ServiceProcess Identity { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>Every directory process, in the order of the gateway's destinations (<c>primary</c>, <c>instance-2</c>, …).</summary>
    public IReadOnlyList<ServiceProcess> DirectoryInstances { get; private set; } = [];

    /// <summary>Every contacts process, in the order of the gateway's destinations (<c>primary</c>, <c>instance-2</c>, …).</summary>
    public IReadOnlyList<ServiceProcess> ContactsInstances { get; private set; } = [];

    /// <summary>The first directory process (the only one unless several instances were asked for).</summary>
    public ServiceProcess Directory => DirectoryInstances[0];

    /// <summary>The first contacts process (the only one unless several instances were asked for).</summary>
    public ServiceProcess Contacts => ContactsInstances[0];

    /// <summary>The news-digest process, when the hub was started with it.</summary>
    public ServiceProcess? NewsDigest { get; private set; }

    /// <summary>A client for the gateway, the public entrance, acting as the secretariat.</summary>
    public HttpClient Client { get; private set; } = null!;

    public string DataDirectory(string service) => Path.Combine(_root, service);

    /// <param name="broker">The broker URI the services use (possibly through a <see cref="TcpProxy"/>).</param>
    /// <param name="serviceEnvironment">Extra settings for the directory and contacts processes, e.g. short retry intervals; a key
    /// such as <c>contacts:Messaging__RabbitMq</c> is for that service's processes only.</param>
    /// <param name="gatewayEnvironment">Extra settings for the gateway, e.g. rate limits.</param>
    /// <param name="instances">How many processes of directory and of contacts to start, each behind the gateway.</param>
    /// <param name="withNewsDigest">Also start the news-digest service (one process), behind the gateway.</param>
    public static async Task<DistributedHub> StartAsync(Uri broker, IReadOnlyDictionary<string, string>? serviceEnvironment = null,
        IReadOnlyDictionary<string, string>? gatewayEnvironment = null, int instances = 1, bool withNewsDigest = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        var hub = new DistributedHub();
        try
        {
            var gatewayPort = Ports.Free();
            var issuer = $"http://127.0.0.1:{gatewayPort}/";
            var auth = new Dictionary<string, string> { ["Auth__Authority"] = issuer, ["Auth__RequireHttpsMetadata"] = "false" };
            hub._settings = (broker, auth, serviceEnvironment);

            hub.Identity = hub.Track(ServiceProcess.Start("identity", RepoPaths.Executable("services/identity", "InfoHub.Identity"), Ports.Free(), new Dictionary<string, string>
            {
                ["Storage__DataDirectory"] = hub.DataDirectory("identity"),
                ["Identity__Issuer"] = issuer,
                ["Identity__RequireHttps"] = "false",
                ["Identity__Clients__0__ClientId"] = SecretariatClient,
                ["Identity__Clients__0__Secret"] = SecretariatSecret,
                ["Identity__Clients__0__Role"] = "secretariat",
                ["Identity__Clients__1__ClientId"] = PartnerClient,
                ["Identity__Clients__1__Secret"] = PartnerSecret,
                ["Identity__Clients__1__Role"] = "partner",
                // Identity publishes revocations and follows the directory's organizations.
                ["Messaging__Transport"] = "RabbitMq",
                ["Messaging__RabbitMq"] = broker.ToString(),
                ["Outbox__PollInterval"] = "00:00:01",
                ["Logging__LogLevel__Default"] = "Warning",
            }));
            hub.DirectoryInstances = Enumerable.Range(0, instances)
                .Select(i => hub.StartService("directory", i, "services/directory", "InfoHub.Directory", broker, auth, serviceEnvironment)).ToList();
            hub.ContactsInstances = Enumerable.Range(0, instances)
                .Select(i => hub.StartService("contacts", i, "services/contacts", "InfoHub.Contacts", broker, auth, serviceEnvironment)).ToList();
            if (withNewsDigest) hub.NewsDigest = hub.StartService("news-digest", 0, "services/news-digest", "InfoHub.NewsDigest", broker, auth, serviceEnvironment);
            var gateway = new Dictionary<string, string>(auth)
            {
                ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = hub.Identity.BaseAddress.ToString(),
                // Not started here: pointed at free ports so that no stray local process answers for them, and not probed.
                ["ReverseProxy__Clusters__resources__Destinations__primary__Address"] = $"http://127.0.0.1:{Ports.Free()}/",
                ["ReverseProxy__Clusters__resources__HealthCheck__Active__Enabled"] = "false",
                ["ReverseProxy__Clusters__news-digest__Destinations__primary__Address"] = hub.NewsDigest?.BaseAddress.ToString() ?? $"http://127.0.0.1:{Ports.Free()}/",
                ["ReverseProxy__Clusters__news-digest__HealthCheck__Active__Enabled"] = withNewsDigest ? "true" : "false",
                ["ReverseProxy__Clusters__web__Destinations__primary__Address"] = $"http://127.0.0.1:{Ports.Free()}/",
                ["ReverseProxy__Clusters__web__HealthCheck__Active__Enabled"] = "false",
            };
            for (var i = 0; i < instances; i++)
            {
                gateway[$"ReverseProxy__Clusters__directory__Destinations__{DestinationName(i)}__Address"] = hub.DirectoryInstances[i].BaseAddress.ToString();
                gateway[$"ReverseProxy__Clusters__contacts__Destinations__{DestinationName(i)}__Address"] = hub.ContactsInstances[i].BaseAddress.ToString();
            }
            foreach (var (key, value) in gatewayEnvironment ?? new Dictionary<string, string>()) gateway[key] = value;
            hub.Gateway = hub.Track(ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), gatewayPort, gateway));
            // Contacts must have declared its queues before the directory publishes, or the first events have nowhere to go.
            await Task.WhenAll(hub.DirectoryInstances.Concat(hub.ContactsInstances).Append(hub.Identity).Concat(hub.NewsDigest is null ? [] : [hub.NewsDigest])
                .Select(p => p.WaitUntilHealthyAsync())
                .Append(hub.Gateway.WaitUntilHealthyAsync("/health/live")));
            hub.Client = hub.CreateClient(hub.Gateway.BaseAddress);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// An HTTP client for <paramref name="baseAddress"/> (the gateway or one service's own port) carrying a secretariat
    /// access token, fetched from the gateway's token endpoint on first use.
    /// </summary>
    public HttpClient CreateClient(Uri baseAddress) => CreateClient(baseAddress, SecretariatClient, SecretariatSecret);

    /// <summary>An HTTP client carrying the access token of the given client-credentials client.</summary>
    public HttpClient CreateClient(Uri baseAddress, string clientId, string secret)
    {
        var client = new HttpClient(new BearerTokenHandler(Gateway.BaseAddress, clientId, secret) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) } })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Starts the news-digest process in a hub started without it, as a service deployed after the directory (or restored
    /// without its store) would be. It is reached on its own port: the gateway was not told of it.
    /// </summary>
    public async Task<ServiceProcess> StartNewsDigestAsync()
    {
        NewsDigest = StartService("news-digest", 0, "services/news-digest", "InfoHub.NewsDigest", _settings.Broker, _settings.Auth, _settings.Extra);
        await NewsDigest.WaitUntilHealthyAsync();
        return NewsDigest;
    }

    /// <summary>The gateway's name for the destination of a service's instance <paramref name="index"/> (from 0).</summary>
    public static string DestinationName(int index) => index == 0 ? "primary" : $"instance-{index + 1}";

    /// <summary>Instance <paramref name="index"/> of a service: every instance of it on the same data folder, so the same store.</summary>
    private ServiceProcess StartService(string service, int index, string folder, string project, Uri broker, IReadOnlyDictionary<string, string> auth,
        IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>(auth)
        {
            ["OTEL_SERVICE_NAME"] = service,
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMq"] = broker.ToString(),
            ["Storage__Provider"] = "Sqlite",
            ["Storage__DataDirectory"] = DataDirectory(service),
            ["Outbox__PollInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            // "contacts:Messaging__RabbitMq" is for contacts only (variable names use "__", never ':').
            var at = key.IndexOf(':');
            if (at < 0) environment[key] = value;
            else if (key[..at] == service) environment[key[(at + 1)..]] = value;
        }
        var name = index == 0 ? service : $"{service}-{index + 1}";
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
        foreach (var client in _clients) client.Dispose();
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        try { System.IO.Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Adds the client's access token, renewing it shortly before it expires.</summary>
    private sealed class BearerTokenHandler(Uri gateway, string clientId, string secret) : DelegatingHandler
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private string? _token;
        private DateTimeOffset _renewAt;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
            return await base.SendAsync(request, ct);
        }

        private async Task<string> TokenAsync(CancellationToken ct)
        {
            await _lock.WaitAsync(ct);
            try
            {
                if (_token is not null && DateTimeOffset.UtcNow < _renewAt) return _token;
                using var http = new HttpClient { BaseAddress = gateway };
                using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "infohub",
                }), ct);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                _token = body.GetProperty("access_token").GetString()!;
                _renewAt = DateTimeOffset.UtcNow.AddSeconds(body.GetProperty("expires_in").GetInt32() * 0.8);
                return _token;
            }
            finally
            {
                _lock.Release();
            }
        }
    }
}
