using System.Net;
using System.Net.Http.Json;
using InfoHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace InfoHub.Tests.Gateway;

/// <summary>
/// The gateway as a real process in front of a stand-in directory (in this process) that answers every request with the
/// forwarded headers it received. The test client plays the trusted proxy: it connects from loopback and says, in
/// <c>X-Forwarded-For</c>, which client it forwards.
/// </summary>
public sealed class GatewayForwardedHeadersTests : IAsyncLifetime
{
    private const string Path = "/api/directory/organizations";
    private const int Permits = 3;
    private WebApplication _directory = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _directory = builder.Build();
        _directory.Run(http => http.Response.WriteAsJsonAsync(new Forwarded(
            http.Request.Headers["X-Forwarded-For"].ToString(), http.Request.Headers["X-Forwarded-Proto"].ToString(), http.Request.Headers["X-Forwarded-Host"].ToString())));
        await _directory.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _directory.DisposeAsync();

    [Fact]
    public async Task Clients_behind_a_trusted_proxy_get_a_rate_limit_each_and_the_service_sees_the_client_they_came_from()
    {
        await using var gateway = await StartGatewayAsync(new() { ["Gateway__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1" });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        var first = await SendAsync(http, "203.0.113.10", proto: "https", host: "hub.example.org");
        for (var i = 1; i < Permits; i++) await SendAsync(http, "203.0.113.10");
        var over = await SendAsync(http, "203.0.113.10");
        var other = await SendAsync(http, "198.51.100.7, 203.0.113.20");

        Assert.Equal((HttpStatusCode.OK, "203.0.113.10", "https", "hub.example.org"), (first.Status, first.Seen?.For, first.Seen?.Proto, first.Seen?.Host));
        Assert.Equal(HttpStatusCode.TooManyRequests, over.Status);
        // One trusted proxy (ForwardLimit 1): the right-most entry is the client; what it was told by others is not believed.
        Assert.Equal((HttpStatusCode.OK, "203.0.113.20"), (other.Status, other.Seen?.For));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_configured_as_a_proxy_are_ignored()
    {
        await using var gateway = await StartGatewayAsync(new());
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        var first = await SendAsync(http, "203.0.113.10", proto: "https", host: "hub.example.org");
        for (var i = 1; i < Permits; i++) await SendAsync(http, "203.0.113.10");
        var other = await SendAsync(http, "203.0.113.20");

        Assert.Equal((HttpStatusCode.OK, "127.0.0.1", "http", gateway.BaseAddress.Authority), (first.Status, first.Seen?.For, first.Seen?.Proto, first.Seen?.Host));
        Assert.Equal(HttpStatusCode.TooManyRequests, other.Status);
    }

    [Fact]
    public async Task A_trusted_network_that_is_not_in_CIDR_notation_stops_the_gateway_with_a_sentence_naming_it()
    {
        await using var gateway = ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), Ports.Free(),
            GatewaySettingsWith(new() { ["Gateway__ForwardedHeaders__KnownNetworks__0"] = "10.0.0.0/33" }));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.WaitUntilHealthyAsync("/health/live"));

        Assert.Contains("Gateway:ForwardedHeaders:KnownNetworks: '10.0.0.0/33' is not a network in CIDR notation", failure.Message);
    }

    private sealed record Forwarded(string For, string Proto, string Host);

    private sealed record Answer(HttpStatusCode Status, Forwarded? Seen);

    private static async Task<Answer> SendAsync(HttpClient http, string forwardedFor, string? proto = null, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        if (host is not null) request.Headers.Add("X-Forwarded-Host", host);
        using var response = await http.SendAsync(request, Ct);
        return new Answer(response.StatusCode, response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<Forwarded>(Ct) : null);
    }

    private async Task<ServiceProcess> StartGatewayAsync(Dictionary<string, string> settings)
    {
        var gateway = ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), Ports.Free(), GatewaySettingsWith(settings));
        try
        {
            await gateway.WaitUntilHealthyAsync("/health/live");
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private Dictionary<string, string> GatewaySettingsWith(Dictionary<string, string> settings)
    {
        var nowhere = $"http://127.0.0.1:{Ports.Free()}/";
        var environment = GatewayEnvironment.Destinations(new Dictionary<string, string> { ["directory"] = _directory.Urls.First() }, nowhere);
        environment["Auth__Authority"] = nowhere;
        environment["Auth__RequireHttpsMetadata"] = "false";
        environment["Gateway__RateLimits__AnonymousPermits"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Gateway__RateLimits__Window"] = "00:01:00";
        foreach (var (key, value) in settings) environment[key] = value;
        return environment;
    }
}
