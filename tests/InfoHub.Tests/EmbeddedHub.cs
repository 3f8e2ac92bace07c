using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Tests;

/// <summary>The embedded host (every service in one process, in-memory bus) on its own temporary data folder.</summary>
public sealed class EmbeddedHub : WebApplicationFactory<InfoHub.Embedded.EmbeddedHost>
{
    /// <summary>Seed the directory's demo organizations (off by default: tests make their own data).</summary>
    public bool DemoData { get; init; }

    /// <summary>The data folder: a new temporary one unless given (a second hub may open the files a first one left).</summary>
    public string DataDirectory { get; init; } = System.IO.Directory.CreateTempSubdirectory("infohub-embedded-").FullName;

    /// <summary>Leave the data folder in place when disposed, for another hub to open.</summary>
    public bool KeepData { get; init; }

    /// <summary>
    /// Served by a real Kestrel listener (the caller calls <c>UseKestrel</c>), where the web portal calls the APIs on its
    /// own address as when run; otherwise by the in-memory test server, through which the portal then calls them.
    /// </summary>
    public bool OnKestrel { get; init; }

    /// <summary>
    /// The portal's own address when a browser signs in to it (e.g. <c>http://127.0.0.1:41234</c>): registered with the
    /// identity service as the web client's redirect and post-sign-out addresses, as a deployment registers its own.
    /// </summary>
    public string? PortalOrigin { get; init; }

    /// <summary>More settings, applied last.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the web client's authorization codes are sent in tests (never followed).</summary>
    public const string TestRedirectUri = "http://localhost/signin-callback";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Directory:DemoData", DemoData ? "true" : "false");
        builder.UseSetting("NewsDigest:DemoData", DemoData ? "true" : "false");
        builder.UseSetting("Messaging:Transport", "InMemory");
        builder.UseSetting("Identity:WebClientRedirectUris:0", TestRedirectUri);
        if (PortalOrigin is not null)
        {
            builder.UseSetting("Identity:WebClientRedirectUris:1", PortalOrigin + "/signin-callback");
            builder.UseSetting("Identity:WebClientPostLogoutRedirectUris:0", PortalOrigin + "/signout-callback");
        }
        builder.UseSetting("Identity:Clients:0:ClientId", InfoHub.Tests.Identity.TestTokens.SecretariatClient);
        builder.UseSetting("Identity:Clients:0:Secret", InfoHub.Tests.Identity.TestTokens.SecretariatSecret);
        builder.UseSetting("Identity:Clients:0:Role", "secretariat");
        if (!OnKestrel)
        {
            // No listener: the portal reaches the APIs of its own process through the test server instead.
            builder.UseSetting("Web:ApiBaseAddress", "http://localhost/");
            builder.ConfigureTestServices(services =>
            {
                services.AddHttpClient<InfoHub.Web.Shared.Api.DirectoryApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.IdentityApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.DirectoryImports>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.AccountApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.MachineClientsApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.AuditApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.NewsApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddHttpClient<InfoHub.Web.Shared.Api.DigestApi>()
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                // The portal reads its sign-in provider (this process, unless the test names another) through the test server too.
                if (!Settings.ContainsKey("Web:Authority")) services.AddOptions<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(InfoHub.Web.Shared.SignIn.PortalSignIn.ProviderScheme)
                    .Configure<IServer>((o, server) => o.BackchannelHttpHandler = ((TestServer)server).CreateHandler());
            });
        }
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepData) return;
        try { System.IO.Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

public static class HttpJson
{
    public static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    /// <summary>Polls <paramref name="probe"/> until it returns a value or <paramref name="timeout"/> passes.</summary>
    public static async Task<T?> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, int intervalMs = 20) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (value is not null || DateTime.UtcNow > deadline) return value;
            await Task.Delay(intervalMs);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; whether it holds.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, int intervalMs = 50)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition() && DateTime.UtcNow < deadline) await Task.Delay(intervalMs);
        return await condition();
    }

    public static async Task<T?> GetOrNullAsync<T>(this HttpClient client, string url) where T : class
    {
        using var response = await client.GetAsync(url);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>() : null;
    }
}

/// <summary>What GET /api/contacts/organizations/{id} answers, as a client sees it.</summary>
public sealed record ReplicaView(Guid Id, string Name, string Country, long Version);
