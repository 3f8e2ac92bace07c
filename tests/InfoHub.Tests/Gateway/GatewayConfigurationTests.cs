using System.Globalization;
using System.Text.Json;
using InfoHub.Testing;

namespace InfoHub.Tests.Gateway;

/// <summary>
/// The gateway's appsettings.json, for what YARP would accept but the hub must not ship: a route without a timeout
/// waits 100 s for a frozen service, and a cluster without health checks keeps sending requests to it.
/// </summary>
public sealed class GatewayConfigurationTests
{
    /// <summary>The timeout policies the gateway defines (<c>RouteTimeouts</c>) and the bulk policy's default.</summary>
    private static readonly string[] TimeoutPolicies = ["api", "bulk"];
    private static readonly TimeSpan BulkTimeout = TimeSpan.FromMinutes(2);

    private static readonly JsonElement Proxy = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepoPaths.Root, "gateway/InfoHub.Gateway/appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
        .RootElement.GetProperty("ReverseProxy");

    private static IEnumerable<JsonProperty> Routes => Proxy.GetProperty("Routes").EnumerateObject();
    private static IEnumerable<JsonProperty> Clusters => Proxy.GetProperty("Clusters").EnumerateObject();

    [Fact]
    public void Every_route_names_a_timeout_policy_and_only_imports_and_exports_are_bulk()
    {
        var policies = Routes.ToDictionary(r => r.Name, r => r.Value.TryGetProperty("TimeoutPolicy", out var p) ? p.GetString() : null);

        Assert.All(policies, route => Assert.True(TimeoutPolicies.Contains(route.Value), $"route {route.Key}: TimeoutPolicy {route.Value ?? "missing"}"));
        Assert.Equal(new[] { "directory-exports", "directory-imports" }, policies.Where(r => r.Value == "bulk").Select(r => r.Key).Order());
    }

    [Fact]
    public void Every_cluster_balances_over_its_destinations_and_checks_their_health()
    {
        Assert.All(Clusters, cluster =>
        {
            var health = cluster.Value.GetProperty("HealthCheck");
            var active = health.GetProperty("Active");
            var passive = health.GetProperty("Passive");
            Assert.Equal("PowerOfTwoChoices", cluster.Value.GetProperty("LoadBalancingPolicy").GetString());
            Assert.True(active.GetProperty("Enabled").GetBoolean(), cluster.Name);
            Assert.Equal("/health/live", active.GetProperty("Path").GetString());
            Assert.True(Duration(active, "Timeout") < Duration(active, "Interval"), cluster.Name);
            Assert.True(passive.GetProperty("Enabled").GetBoolean(), cluster.Name);
            Assert.Equal("FailureOrTimeout", passive.GetProperty("Policy").GetString());
        });
    }

    [Fact]
    public void A_cluster_behind_a_bulk_route_lets_a_request_wait_as_long_as_the_bulk_timeout()
    {
        // YARP's ActivityTimeout (100 s unless set) would otherwise end an import while the service is still storing it.
        var bulkClusters = Routes.Where(r => r.Value.GetProperty("TimeoutPolicy").GetString() == "bulk")
            .Select(r => r.Value.GetProperty("ClusterId").GetString()).Distinct();

        Assert.All(bulkClusters, id =>
        {
            var cluster = Proxy.GetProperty("Clusters").GetProperty(id!);
            Assert.True(cluster.TryGetProperty("HttpRequest", out var request) && Duration(request, "ActivityTimeout") >= BulkTimeout, id);
        });
    }

    [Fact]
    public void Every_service_has_a_public_route_to_its_OpenAPI_document()
    {
        // The API reference lists one document per cluster, each read through the gateway from its service; the web
        // portal's cluster, which has no API, says so in its metadata.
        Assert.All(Clusters.Where(c => !IsPortal(c)), cluster =>
        {
            var route = Routes.SingleOrDefault(r => r.Value.GetProperty("Match").GetProperty("Path").GetString() == $"/openapi/{cluster.Name}.json");
            Assert.True(route.Value.ValueKind == JsonValueKind.Object, $"no route to /openapi/{cluster.Name}.json");
            Assert.Equal(cluster.Name, route.Value.GetProperty("ClusterId").GetString());
            Assert.False(route.Value.TryGetProperty("AuthorizationPolicy", out _), route.Name);
            Assert.Equal("per-client", route.Value.GetProperty("RateLimiterPolicy").GetString());
        });
    }

    [Fact]
    public void The_web_portal_takes_only_what_no_other_route_takes()
    {
        var portal = Routes.Where(r => r.Value.GetProperty("ClusterId").GetString() == "web").ToList();
        var route = Assert.Single(portal).Value;
        Assert.Equal("/{**rest}", route.GetProperty("Match").GetProperty("Path").GetString());
        // A catch-all has the lowest precedence anyway; the explicit order says so in the file too.
        Assert.True(route.GetProperty("Order").GetInt32() > Routes.Where(r => r.Value.TryGetProperty("Order", out _) && r.Value.GetProperty("ClusterId").GetString() != "web")
            .Select(r => r.Value.GetProperty("Order").GetInt32()).DefaultIfEmpty(0).Max());
        Assert.False(route.TryGetProperty("AuthorizationPolicy", out _));
        Assert.Equal("per-client", route.GetProperty("RateLimiterPolicy").GetString());
        Assert.True(IsPortal(Clusters.Single(c => c.Name == "web")));
    }

    private static bool IsPortal(JsonProperty cluster) =>
        cluster.Value.TryGetProperty("Metadata", out var metadata) && metadata.TryGetProperty("OpenApi", out var openApi) && openApi.GetString() == "none";

    private static TimeSpan Duration(JsonElement section, string name) =>
        TimeSpan.Parse(section.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
