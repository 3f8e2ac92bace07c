using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfoHub.Tests.Directory;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

/// <summary>Small helpers over the news API for the tests of this folder.</summary>
internal static class NewsApi
{
    public const string Developments = "/api/news/developments";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Defines the situations in the directory and waits until the news service has learned them from its events.</summary>
    public static async Task EnsureSituationsAsync(this HttpClient secretariat, params string[] ids)
    {
        foreach (var id in ids) await secretariat.DefineSituationAsync(id, $"Situation {id}", "SD");
        Assert.True(await EventuallyAsync(async () =>
        {
            var known = await secretariat.GetFromJsonAsync<JsonElement>("/api/news/situations", Ct);
            return ids.All(id => known.EnumerateArray().Any(s => s.GetProperty("id").GetString() == id));
        }, TimeSpan.FromSeconds(10)), $"the news service did not learn {string.Join(", ", ids)}");
    }

    /// <summary>A valid development about Darfur, tagged with <paramref name="theme"/> so a test finds its own.</summary>
    public static JsonObject Body(string theme, string headline = "Council briefing on Darfur") => new()
    {
        ["headline"] = headline,
        ["summary"] = "Members heard a briefing on attacks on civilians.",
        ["body"] = "Briefers asked for **humanitarian access**.",
        ["date"] = "2026-02-12",
        ["link"] = "https://press.un.org/en",
        ["organ"] = "security-council",
        ["situations"] = new JsonArray("darfur"),
        ["themes"] = new JsonArray(theme, "protection-of-civilians"),
        ["language"] = "en",
        ["documents"] = new JsonArray("s/res/1591(2005)"),
    };

    public static StringContent Content(this JsonObject body) => Json(body.ToJsonString());

    public static async Task<JsonElement> PublishAsync(this HttpClient secretariat, JsonObject body)
    {
        using var response = await secretariat.PostAsync(Developments, body.Content(), Ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>A theme code no other test uses.</summary>
    public static string UniqueTheme() => $"test-{Guid.NewGuid():N}"[..20];
}
