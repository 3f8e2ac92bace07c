using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Directory;

/// <summary>Small helpers over the directory API for the tests of this folder.</summary>
internal static class DirectoryApi
{
    public const string Organizations = "/api/directory/organizations";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> PostCreatedAsync(this HttpClient client, string url, object body)
    {
        using var response = await client.PostAsync(url, Json(JsonSerializer.Serialize(body)), Ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<Guid> RegisterAsync(this HttpClient client, object profile) =>
        (await client.PostCreatedAsync(Organizations, profile)).GetProperty("id").GetGuid();

    public static async Task DefineSituationAsync(this HttpClient client, string id, string name, params string[] countries)
    {
        using var response = await client.PostAsync("/api/directory/situations", Json(JsonSerializer.Serialize(new { id, name, countries })), Ct);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static IReadOnlyList<string> Names(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    /// <summary>Asserts a 4xx problem+json response whose errors (or "field") name <paramref name="field"/>.</summary>
    public static async Task AssertProblemNamingAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var named = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _)
                    || problem.TryGetProperty("field", out var f) && f.GetString() == field;
        Assert.True(named, $"problem does not name '{field}': {problem}");
    }
}
