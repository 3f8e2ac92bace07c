using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using InfoHub.Testing;

namespace InfoHub.Bench.Search;

/// <summary>
/// The embedded mode for real: the embedded host (every service in one process, in-memory bus, SQLite in a temporary
/// folder) and a gateway process whose clusters all point at it, both on loopback ports, stopped by their own PIDs.
/// The embedded host declares one secretariat machine client, with a secret made for this run, to load the data.
/// </summary>
public sealed class EmbeddedWithGateway : IAsyncDisposable
{
    public const string SecretariatClient = "bench-secretariat";

    /// <summary>The gateway's per-client limits for this run: the bench sends far more requests than any real client.</summary>
    public const string UnlimitedPermits = "1000000";

    /// <summary>How this gateway differs from the one shipped, as a report says it.</summary>
    public const string GatewaySettings =
        $"Gateway__RateLimits__AnonymousPermits={UnlimitedPermits} (and SignedInPermits), every cluster (the portal's too) pointed at the embedded host";

    /// <summary>The gateway's clusters (gateway/InfoHub.Gateway/appsettings.json), every one answered by the embedded host; "web" is the portal.</summary>
    private static readonly string[] Clusters = ["directory", "contacts", "resources", "news-digest", "identity", "web"];

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("infohub-search-bench-").FullName;
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
    private readonly bool _keepData;

    private EmbeddedWithGateway(bool keepData) => _keepData = keepData;

    public ServiceProcess Embedded { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The embedded host's <c>Storage:DataDirectory</c>: <c>directory.db</c>, <c>contacts.db</c>, … live here.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <param name="demoData">Seed the directory's demo data (the relevance suite's directory) instead of leaving it empty.</param>
    public static async Task<EmbeddedWithGateway> StartAsync(bool keepData, bool demoData = false)
    {
        var hub = new EmbeddedWithGateway(keepData);
        try
        {
            hub.Embedded = ServiceProcess.Start("embedded", RepoPaths.Executable("deploy", "InfoHub.Embedded"), Ports.Free(), new Dictionary<string, string>
            {
                ["Storage__Provider"] = "Sqlite",
                ["Storage__DataDirectory"] = hub.DataDirectory,
                ["Messaging__Transport"] = "InMemory",
                ["Directory__DemoData"] = demoData ? "true" : "false",
                ["NewsDigest__DemoData"] = "false",
                ["Identity__DemoData"] = "false",
                ["Identity__RequireHttps"] = "false",
                ["Identity__Clients__0__ClientId"] = SecretariatClient,
                ["Identity__Clients__0__Secret"] = hub._secret,
                ["Identity__Clients__0__Role"] = "secretariat",
                ["Logging__LogLevel__Default"] = "Warning",
            });
            await hub.Embedded.WaitUntilHealthyAsync();

            var embedded = hub.Embedded.BaseAddress.ToString();
            hub.Gateway = ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), Ports.Free(), new Dictionary<string, string>
            {
                // Searches are anonymous; the gateway only needs an issuer to start. The embedded host issues for the address it is called at.
                ["Auth__Authority"] = embedded,
                ["Auth__RequireHttpsMetadata"] = "false",
                ["Gateway__RateLimits__AnonymousPermits"] = UnlimitedPermits,
                ["Gateway__RateLimits__SignedInPermits"] = UnlimitedPermits,
                ["Logging__LogLevel__Default"] = "Warning",
            }.Concat(Clusters.Select(c => KeyValuePair.Create($"ReverseProxy__Clusters__{c}__Destinations__primary__Address", embedded))).ToDictionary());
            await hub.Gateway.WaitUntilHealthyAsync("/health/live");
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts both processes, loads a generated directory of <paramref name="size"/>, runs <paramref name="measure"/>
    /// and stops them; on a failure (not a cancellation) prints what they wrote first.
    /// </summary>
    public static async Task<T> MeasureAsync<T>(string bench, bool keepData, DirectorySize size, Func<EmbeddedWithGateway, LoadedDirectory, Task<T>> measure, CancellationToken ct)
    {
        Console.WriteLine($"{bench}: starting the embedded host and a gateway in front of it");
        await using var hub = await StartAsync(keepData);
        try
        {
            var directory = await DirectoryLoader.GenerateAndLoadAsync(hub, size, ct);
            Console.WriteLine("  measuring");
            var result = await measure(hub, directory);
            if (keepData) Console.WriteLine($"  data kept in {hub.DataDirectory}");
            return result;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            Console.Error.WriteLine(hub.Output);
            throw;
        }
    }

    /// <summary>A plain client (no token) for <paramref name="baseAddress"/>: one kept-alive connection, as a browser would hold.</summary>
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(30), AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };

    /// <summary>A secretariat access token from the embedded host's token endpoint (client credentials).</summary>
    public async Task<AuthenticationHeaderValue> SecretariatTokenAsync(CancellationToken ct)
    {
        using var http = CreateClient(Embedded.BaseAddress);
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SecretariatClient, ["client_secret"] = _secret, ["scope"] = "infohub",
        }), ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
    }

    /// <summary>Everything the processes printed, for a failure's message.</summary>
    public string Output => string.Join(Environment.NewLine,
        new[] { Embedded, Gateway }.OfType<ServiceProcess>().Select(p => $"--- {p.Name} (pid {p.Pid}){Environment.NewLine}{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        // Each process is stopped by its own PID (SIGTERM, then kill after 15 s).
        if (Gateway is not null) await Gateway.DisposeAsync();
        if (Embedded is not null) await Embedded.DisposeAsync();
        if (_keepData) return;
        try { System.IO.Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
