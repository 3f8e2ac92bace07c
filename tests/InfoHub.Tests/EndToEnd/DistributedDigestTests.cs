using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>The news-digest, directory and identity services as separate processes behind the gateway, on a real RabbitMQ broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class DistributedDigestTests(BrokerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsync(url, Json(JsonSerializer.Serialize(body)), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_drafted_digest_holds_the_periods_development_and_the_network_news_that_came_through_the_broker()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri, withNewsDigest: true);
        var client = hub.Client;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // The directory process announces a situation, a new organization and its activity; the news-digest process hears them on the broker.
        await PostAsync(client, "/api/directory/situations", new { id = "great-lakes", name = "Great Lakes region", countries = new[] { "CD", "RW", "BI" } });
        var organization = (await PostAsync(client, "/api/directory/organizations", new { name = "Great Lakes Women's Network", country = "RW" })).GetProperty("id").GetGuid();
        var activity = (await PostAsync(client, $"/api/directory/organizations/{organization}/activities",
            new { title = "Early-warning monitors in South Kivu", situations = new[] { "great-lakes" } })).GetProperty("id").GetGuid();
        Assert.True(await EventuallyAsync(async () =>
        {
            var known = await client.GetFromJsonAsync<JsonElement>("/api/news/situations", Ct);
            return known.EnumerateArray().Any(s => s.GetProperty("id").GetString() == "great-lakes");
        }, TimeSpan.FromSeconds(15)), hub.Output);
        var development = (await PostAsync(client, "/api/news/developments", new
        {
            headline = "Security Council briefing on the Great Lakes region", summary = "The Special Envoy briefed the Council.",
            date = $"{today:yyyy-MM-dd}", organ = "security-council", situations = new[] { "great-lakes" }, language = "en",
        })).GetProperty("id").GetGuid();

        // The network news arrives asynchronously: draft until both items are in (each draft is a new one). The broker is
        // shared: the service's durable queues also hold what other hubs' directories published meanwhile (as a service
        // that was down catches up in production), so the draft may hold other organizations' news too.
        JsonElement draft = default;
        var expected = new[] { $"development/{development}", $"organization/{organization}", $"activity/{activity}" };
        var complete = await EventuallyAsync(async () =>
        {
            draft = await PostAsync(client, "/api/news/digests", new { from = $"{today.AddDays(-1):yyyy-MM-dd}", to = $"{today:yyyy-MM-dd}" });
            return expected.All(Sources(draft).Contains);
        }, TimeSpan.FromSeconds(20), intervalMs: 500);

        Assert.True(complete, $"{string.Join(", ", Sources(draft))}{Environment.NewLine}{hub.Output}");
        Assert.Single(Sources(draft), s => s.StartsWith("development/", StringComparison.Ordinal));
        var news = draft.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("section").GetString() == "network").ToList();
        Assert.All(news, i => Assert.NotEqual(Guid.Empty, i.GetProperty("source").GetProperty("eventId").GetGuid()));
        Assert.Contains(news, i => i.GetProperty("headline").GetString() == "Great Lakes Women's Network: Early-warning monitors in South Kivu");

        // Published through the gateway, it is public there.
        var id = draft.GetProperty("id").GetGuid();
        using (var published = await client.PostAsync($"/api/news/digests/{id}/publish", null, Ct)) Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = hub.Gateway.BaseAddress };
        var filtered = await anonymous.GetFromJsonAsync<JsonElement>($"/api/news/digests/{id}?situation=great-lakes", Ct);
        Assert.Equal(2, filtered.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_news_digest_started_after_the_directory_learns_the_situations_defined_before_it()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri, new Dictionary<string, string>
        {
            ["NewsDigest__CatchUp__MinSnapshotInterval"] = "00:00:05",
            ["news-digest:Logging__LogLevel__InfoHub.Platform.CatchUp"] = "Information",
        });
        // The shared broker may keep news-digest's durable queues from an earlier test: drop them, as for a new deployment,
        // so that only a snapshot can tell it of this situation.
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = fixture.Broker.Uri };
        await using (var connection = await factory.CreateConnectionAsync(Ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Ct))
        {
            foreach (var queue in new[] { "situation-defined", "situation-updated" })
                await channel.QueueDeleteAsync($"news-digest-{queue}", ifUnused: false, ifEmpty: false, cancellationToken: Ct);
        }
        await PostAsync(hub.Client, "/api/directory/situations", new { id = "before-news", name = "Defined before the news service", countries = new[] { "SD" } });

        var news = await hub.StartNewsDigestAsync();

        using var client = new HttpClient { BaseAddress = news.BaseAddress };
        Assert.True(await EventuallyAsync(async () =>
            (await client.GetFromJsonAsync<JsonElement>("/api/news/situations", Ct)).EnumerateArray().Any(s => s.GetProperty("id").GetString() == "before-news"),
            TimeSpan.FromSeconds(30)), hub.Output);
        Assert.True(await EventuallyAsync(() => Task.FromResult(news.Output.Contains("caught up on the directory", StringComparison.Ordinal)), TimeSpan.FromSeconds(15)), news.Output);
    }

    private static List<string> Sources(JsonElement draft) => draft.ValueKind != JsonValueKind.Object ? [] :
        draft.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("source").GetProperty("kind").GetString()}/{i.GetProperty("source").GetProperty("id").GetString()}").Order().ToList();
}
