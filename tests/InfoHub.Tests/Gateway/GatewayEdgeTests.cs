using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Gateway;

/// <summary>
/// The gateway on its own, as a real process, with nothing behind it: what it answers itself (401, 429) is what
/// it turned away early; a 502 shows a request it let through to a service that is not there.
/// </summary>
public sealed class GatewayEdgeTests : IAsyncLifetime
{
    private ServiceProcess _gateway = null!;
    private HttpClient _client = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var nowhere = $"http://127.0.0.1:{Ports.Free()}/";
        _gateway = ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), Ports.Free(), new Dictionary<string, string>
        {
            ["Auth__Authority"] = nowhere,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Gateway__RateLimits__AnonymousPermits"] = "6",
            ["Gateway__RateLimits__Window"] = "00:00:03",
            ["ReverseProxy__Clusters__directory__Destinations__primary__Address"] = nowhere,
            ["ReverseProxy__Clusters__contacts__Destinations__primary__Address"] = nowhere,
            ["ReverseProxy__Clusters__resources__Destinations__primary__Address"] = nowhere,
            ["ReverseProxy__Clusters__news-digest__Destinations__primary__Address"] = nowhere,
            ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = nowhere,
        });
        await _gateway.WaitUntilHealthyAsync("/health/live");
        _client = new HttpClient { BaseAddress = _gateway.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Calls_without_a_token_to_protected_routes_are_refused_before_reaching_a_service()
    {
        using var write = await _client.PostAsync("/api/directory/organizations", Json("""{"name":"Anyone","country":"CA"}"""), Ct);
        using var contacts = await _client.GetAsync($"/api/contacts/organizations/{Guid.NewGuid()}", Ct);
        using var read = await _client.GetAsync("/api/directory/organizations?q=peace", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, contacts.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, read.StatusCode);
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_Retry_After_and_is_served_again_after_the_window()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await _client.GetAsync("/api/directory/organizations", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }

        Assert.NotNull(limited);
        Assert.True(statuses.Count <= 7, string.Join(", ", statuses));
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await limited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        limited.Dispose();

        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(300), Ct);
        using var again = await _client.GetAsync("/api/directory/organizations", Ct);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, again.StatusCode);
    }
}
