using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>
/// Every endpoint of every service (as the embedded host composes them), called as every kind of caller. The endpoint
/// list comes from the running host, so an endpoint added without an access policy fails here.
/// </summary>
public sealed class AuthorizationMatrixTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private enum Caller { Anonymous, MemberOfA, MemberOfB, Partner, Secretariat, Expired, OtherAudience, Tampered }

    /// <summary>Endpoints whose rule depends on the resource: a member may edit only their own organization.</summary>
    private static readonly HashSet<string> OwnOrganizationOnly =
    [
        "PUT /api/directory/organizations/{id:guid}",
        "POST /api/directory/organizations/{id:guid}/activities/",
        "PUT /api/directory/organizations/{id:guid}/activities/{activityId:guid}",
        "DELETE /api/directory/organizations/{id:guid}/activities/{activityId:guid}",
        "POST /api/directory/organizations/{id:guid}/positions/",
        "PUT /api/directory/organizations/{id:guid}/positions/{positionId:guid}",
        "DELETE /api/directory/organizations/{id:guid}/positions/{positionId:guid}",
    ];

    private sealed record Route(string Method, string Pattern, string Access);

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var access = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? "public"
                : endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(p => p is not null) ?? "UNDECLARED";
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add(new Route(method, pattern, access));
            }
        }
        return routes;
    }

    [Fact]
    public void Every_endpoint_declares_who_may_call_it()
    {
        var routes = Routes();

        Assert.NotEmpty(routes);
        Assert.Empty(routes.Where(r => r.Access == "UNDECLARED").Select(r => $"{r.Method} {r.Pattern}"));
        Assert.All(routes, r => Assert.Contains(r.Access, new[] { "public", Access.Members, Access.Secretariat, Access.SignedIn }));
    }

    [Fact]
    public async Task Every_endpoint_answers_every_kind_of_caller_as_its_policy_says()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var organizationA = await RegisterAsync(secretariat, "Matrix organization A");
        var organizationB = await RegisterAsync(secretariat, "Matrix organization B");
        Assert.NotNull(await EventuallyAsync(() => secretariat.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{organizationA}"), TimeSpan.FromSeconds(5)));

        using var anonymous = hub.CreateClient();
        var tokens = new Dictionary<Caller, string?>
        {
            [Caller.Anonymous] = null,
            [Caller.MemberOfA] = await TestTokens.MemberAsync(hub, organizationA),
            [Caller.MemberOfB] = await TestTokens.MemberAsync(hub, organizationB),
            [Caller.Partner] = await TestTokens.ClientCredentialsAsync(anonymous, TestTokens.PartnerClient, TestTokens.PartnerSecret),
            [Caller.Secretariat] = await TestTokens.ClientCredentialsAsync(anonymous, TestTokens.SecretariatClient, TestTokens.SecretariatSecret),
            [Caller.Expired] = Mint(DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-30), "infohub"),
            [Caller.OtherAudience] = Mint(DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(15), "another-api"),
        };
        tokens[Caller.Tampered] = TestTokens.Tamper(tokens[Caller.MemberOfA]!, "\"member\"", "\"secretariat\"");

        var failures = new List<string>();
        var cells = 0;
        // Removing organization A ends its members' access (their tokens are revoked): so that request comes last.
        foreach (var route in Routes().OrderBy(r => r is { Method: "DELETE", Pattern: "/api/directory/organizations/{id:guid}" }))
        {
            foreach (var (caller, token) in tokens)
            {
                using var client = hub.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                if (token is not null) client.WithToken(token);
                using var response = await client.SendAsync(Request(route, organizationA), Ct);
                var expected = Expected(route, caller);
                var status = (int)response.StatusCode;
                var ok = expected switch
                {
                    "allowed" => status is not (401 or 403) && status < 500,
                    // RFC 6750: a token that fails validation is named as such, wherever it is sent.
                    "401" => status == 401 && (!InvalidTokens.Contains(caller) || response.Headers.WwwAuthenticate.ToString().Contains("error=\"invalid_token\"")),
                    _ => status == 403,
                };
                if (!ok) failures.Add($"{route.Method} {route.Pattern} as {caller}: expected {expected}, got {status}");
                cells++;
            }
        }

        TestContext.Current.SendDiagnosticMessage($"authorization matrix: {cells / tokens.Count} endpoints x {tokens.Count} callers = {cells} requests");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(cells >= 10 * tokens.Count, $"only {cells} requests: the endpoint list looks incomplete");
    }

    /// <summary>Callers whose token fails validation: refused on every route, public ones included.</summary>
    private static readonly HashSet<Caller> InvalidTokens = [Caller.Expired, Caller.OtherAudience, Caller.Tampered];

    private static string Expected(Route route, Caller caller)
    {
        if (InvalidTokens.Contains(caller)) return "401";
        if (route.Access == "public") return "allowed";
        if (caller is Caller.Anonymous) return "401";
        var allowed = route.Access switch
        {
            Access.Secretariat => caller == Caller.Secretariat,
            Access.Members => caller is Caller.MemberOfA or Caller.MemberOfB or Caller.Secretariat,
            Access.SignedIn => true,
            _ => false,
        };
        if (allowed && caller == Caller.MemberOfB && OwnOrganizationOnly.Contains($"{route.Method} {route.Pattern}")) allowed = false;
        return allowed ? "allowed" : "403";
    }

    /// <summary>A concrete request for a route: organization A for ids, a valid body where one is expected.</summary>
    private static HttpRequestMessage Request(Route route, Guid organization)
    {
        var path = route.Pattern
            .Replace("{id:guid}", organization.ToString())
            .Replace("{queue}", "contacts-organization-updated")
            .Replace("{documentName}", "directory")
            .Replace("{**rest}", "");
        // Other ids (an activity, a position) need not exist: a 404 after authorization still shows the policy held.
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{\w+:guid\}", Guid.NewGuid().ToString());
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT")
        {
            request.Content = path.StartsWith("/api/", StringComparison.Ordinal)
                ? Json("""{"name":"Matrix organization A","country":"CA"}""")
                : new FormUrlEncodedContent([]);
        }
        return request;
    }

    private static async Task<Guid> RegisterAsync(HttpClient secretariat, string name)
    {
        using var response = await secretariat.PostAsync("/api/directory/organizations", Json(JsonSerializer.Serialize(new { name, country = "CA" })), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>A token signed with the hub's real key, claiming the secretariat role, but expired or for another audience.</summary>
    private string Mint(DateTime notBefore, DateTime expires, string audience) =>
        TestTokens.Mint(hub.Services.GetRequiredService<ILocalTokenIssuer>().SigningKeys.First(), "http://localhost/", audience, notBefore, expires);
}
