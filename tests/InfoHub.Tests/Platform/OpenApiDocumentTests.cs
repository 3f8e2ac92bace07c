using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Tests.Platform;

/// <summary>
/// Each service on its own, as in distributed mode: every endpoint it maps is in its OpenAPI 3.1 document, with a
/// schema for every body it reads and every JSON it answers, and with a token requirement exactly when it has a policy.
/// The endpoint list comes from the running service, so an endpoint added without its description fails here.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Endpoints that are not the service's API, so in no document.</summary>
    private static readonly (string Prefix, string Reason)[] Infrastructure =
    [
        ("/health/", "probes for orchestrators; the gateway does not route them"),
        ("/admin/", "operator endpoints on a service's own port (README, Operations); the gateway does not route them"),
        ("/openapi/", "the OpenAPI document itself"),
        ("/connect/", "OAuth 2.0 and OpenID Connect protocol endpoints, described by /.well-known/openid-configuration and named by the documents' oauth2 scheme"),
        ("/account/", "HTML pages for people's browsers (sign-in, password, second factor, invitations), not an API"),
    ];

    /// <summary>Writes that take no body.</summary>
    private static readonly Dictionary<string, string> BodilessWrites = new()
    {
        ["POST /api/directory/snapshots"] = "asks the directory to republish its state; there is nothing to send",
        ["POST /api/identity/accounts/{accountId}/disable"] = "an action on the account the path names; there is nothing to send",
        ["POST /api/identity/accounts/{accountId}/enable"] = "an action on the account the path names; there is nothing to send",
        ["POST /api/news/programme/meetings/{id}/cancel"] = "an action on the meeting the path names; there is nothing to send",
        ["POST /api/news/calendar/events/{id}/cancel"] = "an action on the event the path names; there is nothing to send",
        ["POST /api/news/digests/{id}/publish"] = "an action on the draft the path names; If-Match may guard it, there is nothing to send",
    };

    public static TheoryData<string> Services => [.. ServiceHost.Services.Keys];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_endpoint_is_in_the_services_OpenAPI_document_with_its_schemas_and_access(string service)
    {
        await using var host = ServiceHost.Start(service);
        using var client = host.CreateClient();
        using var response = await client.GetAsync($"/openapi/{service}.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var document = json.RootElement;

        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString());
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.True(schemes.GetProperty("oauth2").GetProperty("flows").GetProperty("clientCredentials").TryGetProperty("tokenUrl", out _));
        Assert.Equal("/", document.GetProperty("servers")[0].GetProperty("url").GetString());

        var failures = new List<string>();
        var documented = 0;
        foreach (var (method, path, endpoint) in Endpoints(host.Provider))
        {
            var name = $"{method} {path}";
            if (Infrastructure.Any(i => path.StartsWith(i.Prefix, StringComparison.Ordinal))) continue;
            if (!document.GetProperty("paths").TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                failures.Add($"{name}: not in /openapi/{service}.json");
                continue;
            }
            documented++;
            failures.AddRange(RequestBodyFailures(document, name, method, operation));
            failures.AddRange(ResponseFailures(document, name, operation));
            failures.AddRange(AccessFailures(name, endpoint, operation));
        }

        TestContext.Current.SendDiagnosticMessage($"{service}: {documented} operations checked");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        var least = service switch { "directory" => 24, "identity" => 6, "contacts" => 2, _ => 0 };
        Assert.True(documented >= least, $"{service}: only {documented} operations; the endpoint list looks incomplete");
    }

    private static IEnumerable<string> RequestBodyFailures(JsonElement document, string name, string method, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body))
        {
            if (method is "POST" or "PUT" or "PATCH" && !BodilessWrites.ContainsKey(name)) yield return $"{name}: no request body";
            yield break;
        }
        foreach (var media in body.GetProperty("content").EnumerateObject())
        {
            if (IsEmpty(document, media.Value)) yield return $"{name}: empty request schema for {media.Name}";
        }
    }

    private static IEnumerable<string> ResponseFailures(JsonElement document, string name, JsonElement operation)
    {
        var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
        if (successes.Count == 0) yield return $"{name}: no success response";
        foreach (var success in successes.Where(r => r.Name != "204"))
        {
            if (!success.Value.TryGetProperty("content", out var content))
            {
                yield return $"{name}: {success.Name} declares no content";
                continue;
            }
            foreach (var media in content.EnumerateObject().Where(m => m.Name.Contains("json", StringComparison.Ordinal) || m.Name.StartsWith("text/", StringComparison.Ordinal)))
            {
                if (IsEmpty(document, media.Value)) yield return $"{name}: {success.Name} has an empty schema for {media.Name}";
            }
        }
    }

    private static IEnumerable<string> AccessFailures(string name, Endpoint endpoint, JsonElement operation)
    {
        var secured = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
        var requirements = operation.TryGetProperty("security", out var security) ? security.EnumerateArray().ToList() : [];
        if (secured && !requirements.Any(r => r.TryGetProperty("bearer", out _))) yield return $"{name}: needs a token but declares no bearer requirement";
        if (!secured && requirements.Count > 0) yield return $"{name}: public, yet declares a security requirement";
        if (!operation.GetProperty("responses").TryGetProperty("401", out _)) yield return $"{name}: no 401 (an invalid token gets one everywhere)";
    }

    /// <summary>A schema that says nothing: no type, properties, items, alternatives, values or reference to one that says something.</summary>
    private static bool IsEmpty(JsonElement document, JsonElement media)
    {
        if (!media.TryGetProperty("schema", out var schema)) return true;
        for (var depth = 0; schema.TryGetProperty("$ref", out var reference) && depth < 10; depth++)
        {
            var id = reference.GetString()!.Split('/')[^1];
            if (!document.GetProperty("components").GetProperty("schemas").TryGetProperty(id, out schema)) return true;
        }
        string[] telling = ["properties", "items", "oneOf", "anyOf", "allOf", "enum", "const", "additionalProperties"];
        if (telling.Any(k => schema.TryGetProperty(k, out _))) return false;
        return !schema.TryGetProperty("type", out var type) || type.ValueKind == JsonValueKind.String && type.GetString() == "object";
    }

    /// <summary>Every route of the host as its method, its path written as OpenAPI writes it, and the endpoint.</summary>
    internal static IEnumerable<(string Method, string Path, Endpoint Endpoint)> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, OpenApiPath(e.RoutePattern.RawText!), (Endpoint)e)));

    /// <summary>"/api/x/{id:guid}/items/" → "/api/x/{id}/items".</summary>
    private static string OpenApiPath(string pattern) => "/" + RouteParameter().Replace(pattern, "{$1}").Trim('/');

    [GeneratedRegex(@"\{\**(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
