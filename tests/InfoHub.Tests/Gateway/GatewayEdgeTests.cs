using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    public async Task The_API_reference_and_its_scripts_come_from_the_gateway_and_name_no_other_host()
    {
        using var page = await _client.GetAsync("/api-reference/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // No absolute or protocol-relative address anywhere: not in a script, a link, nor Scalar's configuration.
        Assert.DoesNotMatch(new Regex(@"(https?:)?//\w", RegexOptions.IgnoreCase), html);
        // Scalar would otherwise load fonts from its CDN, report use, offer its AI agent and MCP service, and upload documents to share them.
        foreach (var setting in new[] { "\"withDefaultFonts\":false", "\"telemetry\":false", "\"agent\":{\"disabled\":true}", "\"mcp\":{\"disabled\":true}", "\"showDeveloperTools\":\"never\"" })
            Assert.Contains(setting, html);
        Assert.DoesNotContain("proxyUrl", html);
        foreach (var service in new[] { "directory", "contacts", "identity", "resources", "news-digest" })
            Assert.Contains($"\"url\":\"openapi/{service}.json\"", html);

        var scripts = Regex.Matches(html, "src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("scalar.js", scripts);
        foreach (var script in scripts.Append("scalar.aspnetcore.js"))
        {
            using var response = await _client.GetAsync($"/api-reference/{script}", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{script}: {(int)response.StatusCode}");
            Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_token_is_still_checked_on_a_public_read_while_a_call_without_one_is_let_through()
    {
        // The gateway authenticates only requests that carry an Authorization header; anonymous ones skip that work.
        using var anonymous = await _client.GetAsync("/api/directory/organizations?q=peace", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/directory/organizations?q=peace");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        using var withToken = await _client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadGateway, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withToken.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", withToken.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", withToken.Content.Headers.ContentType?.MediaType);
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
