using System.Net;
using InfoHub.Testing;

namespace InfoHub.Tests.Web;

/// <summary>
/// Distributed mode as real processes: the directory, the identity service, the gateway and the web portal, which the
/// gateway serves for every address its other routes do not take, and which reads the directory only through the
/// gateway, signing people in at the identity service behind the same gateway. As in the compose file, the hub's
/// public address (<c>hub.test</c>, the issuer) is one only the visitors resolve: the processes reach the provider at
/// the gateway's own address (<c>Auth:BackchannelAddress</c>), and a call that tried the public name would fail.
/// </summary>
public sealed partial class PortalThroughGatewayTests : IAsyncLifetime
{
    // Enough for the processes' own anonymous calls from loopback (revocation lists, the provider's keys), few enough
    // for one visitor to run out within a test.
    private const int AnonymousPermits = 60;
    private readonly string _data = System.IO.Directory.CreateTempSubdirectory("infohub-portal-").FullName;
    private ServiceProcess _directory = null!;
    private ServiceProcess _gateway = null!;
    private ServiceProcess _web = null!;
    private ServiceProcess _identity = null!;

    /// <summary>The hub's public name: the visitors here resolve it to the gateway; the processes cannot resolve it at all.</summary>
    private const string PublicName = "hub.test";
    private Uri _publicAddress = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var nowhere = $"http://127.0.0.1:{Ports.Free()}/";
        int directoryPort = Ports.Free(), gatewayPort = Ports.Free(), webPort = Ports.Free(), identityPort = Ports.Free();
        _publicAddress = new Uri($"http://{PublicName}:{gatewayPort}/");
        var publicAddress = $"http://{PublicName}:{gatewayPort}";
        var auth = new Dictionary<string, string>
        {
            ["Auth__Authority"] = publicAddress + "/",
            ["Auth__BackchannelAddress"] = $"http://127.0.0.1:{gatewayPort}/",
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // Every process reads the revocation list through the gateway as an anonymous client on loopback, as the
            // portal fetches the provider's keys and redeems codes: slow that reading down, or it alone spends much of
            // the small limit this test sets.
            ["Auth__RevocationPollInterval"] = "00:00:30",
        };
        _directory = ServiceProcess.Start("directory", RepoPaths.Executable("services/directory", "InfoHub.Directory"), directoryPort, new Dictionary<string, string>(auth)
        {
            ["Messaging__Transport"] = "InMemory",
            ["Storage__DataDirectory"] = _data,
            ["Directory__DemoData"] = "true",
        });
        // The provider's public address is the gateway's: its issuer, and where it sends people back to the portal.
        _identity = ServiceProcess.Start("identity", RepoPaths.Executable("services/identity", "InfoHub.Identity"), identityPort, new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = Path.Combine(_data, "identity"),
            ["Messaging__Transport"] = "InMemory",
            ["Identity__Issuer"] = publicAddress + "/",
            ["Identity__RequireHttps"] = "false",
            ["Identity__DemoData"] = "true",
            ["Identity__DemoMember__OrganizationId"] = "70398e4d-5b4f-5a43-b838-6871a9969ad3",
            ["Identity__WebClientRedirectUris__0"] = publicAddress + "/signin-callback",
            ["Identity__WebClientPostLogoutRedirectUris__0"] = publicAddress + "/signout-callback",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var gateway = new Dictionary<string, string>(auth)
        {
            // The test client stands for the visitors' side of a proxy: it names each visitor in X-Forwarded-For, as
            // the portal does for its calls; both are on loopback, which the gateway is told to trust.
            ["Gateway__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
            ["Gateway__RateLimits__AnonymousPermits"] = AnonymousPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway__RateLimits__Window"] = "00:01:00",
        };
        foreach (var (key, value) in GatewayEnvironment.Destinations(new Dictionary<string, string>
                 {
                     ["directory"] = $"http://127.0.0.1:{directoryPort}/",
                     ["web"] = $"http://127.0.0.1:{webPort}/",
                     ["identity"] = $"http://127.0.0.1:{identityPort}/",
                 }, nowhere)) gateway[key] = value;
        _gateway = ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), gatewayPort, gateway);
        _web = ServiceProcess.Start("web", RepoPaths.Executable("services/web", "InfoHub.Web"), webPort, new Dictionary<string, string>(auth)
        {
            ["Web__ApiBaseAddress"] = $"http://127.0.0.1:{gatewayPort}/",
            ["Web__Authority"] = publicAddress + "/",
            ["Web__TrustedProxies__0"] = "127.0.0.1",
        });
        await _directory.WaitUntilHealthyAsync();
        await _identity.WaitUntilHealthyAsync();
        await _web.WaitUntilHealthyAsync("/health/live");
        await _gateway.WaitUntilHealthyAsync("/health/live");
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _gateway.DisposeAsync();
        await _identity.DisposeAsync();
        await _directory.DisposeAsync();
        try { System.IO.Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_gateway_serves_the_portal_which_reads_the_directory_through_the_gateway()
    {
        using var visitor = Visitor("198.51.100.7");
        var home = await EventuallyPageAsync(visitor, "/");
        Assert.Contains("<strong>26</strong>", home);
        var search = await visitor.GetStringAsync("/directory?q=amnesty", Ct);
        Assert.Contains("Amnesty International", search);
        Assert.Contains("Content-Security-Policy", (await visitor.GetAsync("/situations", Ct)).Headers.ToString());

        // The gateway's own health and the services' APIs are not the portal's.
        using var health = await visitor.GetAsync("/health/live", Ct);
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        using var api = await visitor.GetAsync("/api/directory/vocabularies/scopes", Ct);
        Assert.Equal("application/json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Each_visitor_has_their_own_rate_limit_for_the_calls_the_portal_makes_for_them()
    {
        using var busy = Visitor("198.51.100.20");
        using var other = Visitor("198.51.100.21");
        await EventuallyPageAsync(other, "/directory");

        // A search page is one request to the portal and one API call for the visitor (the search; the vocabularies and
        // the situations' names are kept): the busy visitor's bucket runs out within a few pages.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < AnonymousPermits && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await busy.GetAsync($"/directory?q=page{i}", Ct);
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // The other visitor, whose calls the portal makes from the same process, is still served.
        using var served = await other.GetAsync("/directory?q=amnesty", Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("Amnesty International", await served.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_member_signs_in_to_the_portal_through_the_gateway_and_sees_what_the_directory_shares_with_members()
    {
        // A browser: cookies kept, redirects followed, all of it at the gateway's address.
        using var browser = Visitor("198.51.100.30", cookies: new CookieContainer());
        var before = await EventuallyPageAsync(browser, "/situations/burundi");
        Assert.DoesNotContain(SharedWithMembers, before);
        await EventuallyPageAsync(browser, "/.well-known/openid-configuration");

        // The portal sends the browser to the provider (at the gateway), which asks for the password.
        using var login = await browser.GetAsync("/signin?returnUrl=%2Fsituations%2Fburundi", Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(_publicAddress.Authority, login.RequestMessage!.RequestUri!.Authority);
        Assert.Equal("/account/login", login.RequestMessage.RequestUri.AbsolutePath);
        var fields = HiddenField().Matches(await login.Content.ReadAsStringAsync(Ct))
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(KeyValuePair.Create("email", "member@demo.infohub.local")).Append(KeyValuePair.Create("password", "demo-member-password"));

        // Signed in, the provider sends the code back to the portal, which redeems it and returns to the page.
        using var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("/situations/burundi", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        var after = await signedIn.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Signed in as Demo member", after);
        Assert.Contains(SharedWithMembers, after);
    }

    private const string SharedWithMembers = "preventive diplomacy before the elections";

    [System.Text.RegularExpressions.GeneratedRegex("""<input type="hidden" name="([^"]*)" value="([^"]*)">""")]
    private static partial System.Text.RegularExpressions.Regex HiddenField();

    /// <summary>A visitor at the public address, which their resolver maps to the gateway (as a browser on the host would).</summary>
    private HttpClient Visitor(string address, CookieContainer? cookies = null)
    {
        var gateway = new System.Net.IPEndPoint(IPAddress.Loopback, _gateway.BaseAddress.Port);
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                Assert.Equal(PublicName, context.DnsEndPoint.Host); // every address the hub gave the visitor is its public one
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(gateway, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = _publicAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>The page once the gateway has seen the portal and the directory answer (its health probes start them as unknown).</summary>
    private static async Task<string> EventuallyPageAsync(HttpClient client, string path)
    {
        var page = await HttpJson.EventuallyAsync(async () =>
        {
            using var response = await client.GetAsync(path, Ct);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(Ct) : null;
        }, TimeSpan.FromSeconds(30), 250);
        Assert.NotNull(page);
        return page;
    }
}
