using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InfoHub.Tests.Web;

/// <summary>
/// The embedded host with its demo data on a real Kestrel listener on a loopback port (the portal calls its own APIs
/// there, as it does when run), and Debian's Chromium driven by Playwright. Never a downloaded browser: without
/// <c>/usr/bin/chromium</c> the browser tests are skipped with the reason, or fail when <c>CI</c> is set.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    // A port chosen before the start: the identity service must know the portal's address to send people back to it.
    private static readonly int Port = InfoHub.Testing.Ports.Free();

    /// <summary>
    /// The embedded host with demo data. Access tokens live one minute (the shortest the identity service allows), less
    /// than the portal's refresh margin: every page a signed-in person opens first refreshes their session's tokens.
    /// </summary>
    public EmbeddedHub Hub { get; } = new()
    {
        DemoData = true,
        OnKestrel = true,
        PortalOrigin = $"http://127.0.0.1:{Port}",
        Settings = new Dictionary<string, string> { ["Identity:AccessTokenLifetime"] = "00:01:00" },
    };

    /// <summary>The portal's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            const string reason = $"No Chromium at {Chromium}: install Debian's package (apt-get install chromium; .ci/run does). Playwright never downloads a browser here.";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) throw new InvalidOperationException(reason);
            SkipReason = reason;
            return;
        }
        Hub.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        Hub.StartServer();
        var address = Hub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.TrimEnd('/') + "/");
        await WaitUntilReadyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu"],
        });
    }

    /// <summary>A fresh browser context (no cookies, empty cache) whose relative addresses are the portal's.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
        options ??= new BrowserNewContextOptions();
        options.BaseURL = Address.ToString();
        options.Locale ??= "en-GB";
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Readiness includes the demo data: the pages then show the whole directory.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        var ready = await HttpJson.EventuallyAsync(async () =>
        {
            try { return (await http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), 200);
        Assert.True(ready, "The embedded host did not become ready within 60 s.");
        // The news digest seeds its demo developments once the directory's situations have reached it (8 of them).
        var seeded = await HttpJson.EventuallyAsync(async () =>
            (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("api/news/developments?limit=1")).GetProperty("total").GetInt32() >= 8, TimeSpan.FromSeconds(60), 200);
        Assert.True(seeded, "The news digest's demo developments were not seeded within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (SkipReason is null && Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Hub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
