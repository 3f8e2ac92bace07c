using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using InfoHub.NewsDigest.Digests;
using InfoHub.Tests.Directory;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The digest drafted from a period: its own hub, so that "exactly the period's items" can be checked.</summary>
public sealed class DigestDraftingTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_draft_holds_exactly_the_periods_developments_coming_meetings_resolution_steps_and_network_news()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("darfur");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var theme = NewsApi.UniqueTheme();

        var inside = await secretariat.PublishAsync(Dated(NewsApi.Body(theme, "Briefing inside the period"), today.AddDays(-2)));
        await secretariat.PublishAsync(Dated(NewsApi.Body(theme, "Briefing before the period"), today.AddDays(-10)));
        var coming = await DigestApi.ScheduleAsync(secretariat, today.AddDays(3), "darfur");
        await DigestApi.ScheduleAsync(secretariat, today.AddDays(20), "darfur");
        var stepped = await DigestApi.RecordResolutionAsync(secretariat, "Draft on Darfur negotiated this week", today.AddDays(-1));
        await DigestApi.RecordResolutionAsync(secretariat, "Draft negotiated last month", today.AddDays(-30));
        var organization = await DigestApi.RegisterAsync(secretariat, "Digest Test Coalition");
        Assert.True(await EventuallyAsync(async () => await hub.Services.GetRequiredService<InfoHub.NewsDigest.NetworkNews.NetworkNewsStore>()
            .OrganizationAsync(organization, Ct) is not null, TimeSpan.FromSeconds(10)));

        var draft = await DigestApi.DraftAsync(secretariat, today.AddDays(-6), today);

        var sources = draft.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("source").GetProperty("kind").GetString()}/{i.GetProperty("source").GetProperty("id").GetString()}").Order().ToList();
        Assert.Equal(
            new[] { $"development/{inside.GetProperty("id")}", $"meeting/{coming}", $"resolution/{stepped}", $"organization/{organization}" }.Order().ToList(),
            sources);
        Assert.Equal(["developments", "council-agenda", "resolutions", "network"], draft.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("section").GetString()));
        var news = draft.GetProperty("items")[3];
        Assert.Equal("Digest Test Coalition joined the directory", news.GetProperty("headline").GetString());
        Assert.Equal("Digest Test Coalition a rejoint l\u2019annuaire", news.GetProperty("translations").GetProperty("fr").GetProperty("headline").GetString());
        Assert.NotEqual(Guid.Empty, news.GetProperty("source").GetProperty("eventId").GetGuid());
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Contains(DigestApi.Outbox(hub, "DigestDrafted"), p => p.Contains(draft.GetProperty("id").GetString()!));
    }

    private static JsonObject Dated(JsonObject body, DateOnly day)
    {
        body["date"] = day.ToString("yyyy-MM-dd");
        return body;
    }
}

public sealed class DigestTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private const string Digests = "/api/news/digests";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_secretariat_edits_reorders_previews_in_each_language_publishes_and_then_corrects_only_by_erratum()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var anonymous = hub.CreateClient();
        await secretariat.EnsureSituationsAsync("darfur", "burundi");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await secretariat.PublishAsync(Day(NewsApi.Body(NewsApi.UniqueTheme(), "Darfur briefing for the digest"), today.AddDays(-1)));
        var draft = await DigestApi.DraftAsync(secretariat, today.AddDays(-3), today);
        var id = draft.GetProperty("id").GetGuid();
        using (var hidden = await anonymous.GetAsync($"{Digests}/{id}", Ct)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        // Keep the development, add a note first and a Burundi item, in French too.
        var development = draft.GetProperty("items").EnumerateArray().First(i => i.GetProperty("headline").GetString() == "Darfur briefing for the digest");
        var edit = new JsonObject
        {
            ["title"] = "Weekly digest",
            ["introduction"] = "Three things to know.",
            ["translations"] = new JsonObject { ["fr"] = new JsonObject { ["title"] = "Bulletin hebdomadaire", ["introduction"] = "Trois choses à savoir." } },
            ["items"] = new JsonArray(
                new JsonObject { ["headline"] = "Secretariat note <b>for all</b>", ["section"] = "note", ["translations"] = new JsonObject { ["fr"] = new JsonObject { ["headline"] = "Note du secrétariat" } } },
                new JsonObject { ["id"] = development.GetProperty("id").GetGuid(), ["headline"] = "Darfur: briefing (edited)", ["summary"] = development.GetProperty("summary").GetString(), ["situations"] = new JsonArray("darfur") },
                new JsonObject { ["headline"] = "Burundi early warning", ["section"] = "network", ["situations"] = new JsonArray("burundi"), ["link"] = "https://example.org/burundi" }),
        };
        var edited = await DigestApi.SendAsync(secretariat, HttpMethod.Put, $"{Digests}/{id}", edit, HttpStatusCode.OK, ifMatch: "\"1\"");
        Assert.Equal(["Secretariat note <b>for all</b>", "Darfur: briefing (edited)", "Burundi early warning"], edited.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("headline").GetString()));
        Assert.Equal("development", edited.GetProperty("items")[1].GetProperty("source").GetProperty("kind").GetString());

        var html = await secretariat.GetStringAsync($"{Digests}/{id}/html?language=fr", Ct);
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Bulletin hebdomadaire", html);
        Assert.Contains("Note du secrétariat", html);
        Assert.Contains("Secretariat note &lt;b&gt;for all&lt;/b&gt;", await secretariat.GetStringAsync($"{Digests}/{id}/html", Ct));
        var text = await secretariat.GetStringAsync($"{Digests}/{id}/text", Ct);
        Assert.Contains("Weekly digest\n=============", text);
        Assert.Contains("* Burundi early warning\n  https://example.org/burundi", text);

        var published = await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Digests}/{id}/publish", new JsonObject(), HttpStatusCode.OK);
        Assert.Equal("published", published.GetProperty("status").GetString());
        var refused = await DigestApi.SendAsync(secretariat, HttpMethod.Put, $"{Digests}/{id}", edit, HttpStatusCode.Conflict);
        Assert.Equal("status", refused.GetProperty("field").GetString());

        // A subscriber who follows only Burundi gets the note and the Burundi item.
        var burundi = await anonymous.GetFromJsonAsync<JsonElement>($"{Digests}/{id}?situation=burundi&language=fr", Ct);
        Assert.Equal(["Note du secrétariat", "Burundi early warning"], burundi.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("headline").GetString()));
        Assert.Equal("Bulletin hebdomadaire", burundi.GetProperty("title").GetString());

        var corrected = await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Digests}/{id}/errata", new JsonObject
        {
            ["text"] = "The Darfur briefing was on Tuesday.", ["itemId"] = development.GetProperty("id").GetGuid(),
            ["translations"] = new JsonObject { ["fr"] = "L'exposé sur le Darfour a eu lieu mardi." },
        }, HttpStatusCode.OK);
        Assert.Equal("Darfur: briefing (edited)", corrected.GetProperty("items")[1].GetProperty("headline").GetString());
        Assert.Contains("exposé sur le Darfour a eu lieu mardi.", await anonymous.GetStringAsync($"{Digests}/{id}/html?language=fr", Ct));
        Assert.Single(DigestApi.Outbox(hub, "DigestPublished"), p => p.Contains(id.ToString()));
        Assert.Single(DigestApi.Outbox(hub, "DigestErratumPublished"), p => p.Contains(id.ToString()));

        // Listed publicly, and in the Atom feed, read back by System.ServiceModel.Syndication.
        var listed = await anonymous.GetFromJsonAsync<JsonElement>(Digests, Ct);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        using var atom = await anonymous.GetAsync($"{Digests}/feed.atom", Ct);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await atom.Content.ReadAsStreamAsync(Ct));
        var feed = SyndicationFeed.Load(reader);
        var entry = Assert.Single(feed.Items, i => i.Id == $"urn:uuid:{id}");
        Assert.Equal("Weekly digest", entry.Title.Text);
        Assert.False(string.IsNullOrEmpty(feed.Id));
        Assert.Contains(feed.Links, l => l.RelationshipType == "self");
        Assert.NotEmpty(feed.Authors);
    }

    [Theory]
    [InlineData("""{"from":"2026-11-10","to":"2026-11-01"}""", "to")]
    [InlineData("""{"to":"2026-11-01"}""", "from")]
    [InlineData("""{"from":"2026-01-01","to":"2026-06-30"}""", "to")]
    [InlineData("""{"from":"2026-11-01","to":"2026-11-07","language":"English"}""", "language")]
    [InlineData("""{"from":"2026-11-01","to":"2026-11-07","period":"week"}""", "period")]
    [InlineData("""{"from":"2999-11-01","to":"2999-11-07"}""", "from")]
    public async Task A_draft_request_the_service_cannot_take_is_a_400_naming_the_field(string body, string field)
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var response = await secretariat.PostAsync(Digests, Json(body), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"title":"T","items":[]}""", "title")]
    [InlineData("""{"title":"Digest","items":[{"id":"0195a4f0-0000-7000-8000-000000000000","headline":"Gone"}]}""", "items[0].id")]
    [InlineData("""{"title":"Digest","items":[{"headline":"Bad section","section":"sports"}]}""", "items[0].section")]
    [InlineData("""{"title":"Digest","items":[{"headline":"Bad link","link":"javascript:alert(1)"}]}""", "items[0].link")]
    [InlineData("""{"title":"Digest","items":[{"headline":"Bad situation","situations":["Great Lakes"]}]}""", "items[0].situations[0]")]
    [InlineData("""{"title":"Digest"}""", "items")]
    [InlineData("""{"title":"Digest","items":[],"translations":{"fr":{"introduction":"Sans titre"}}}""", "translations.fr.title")]
    public async Task An_edit_the_service_cannot_take_is_a_400_naming_the_field_and_the_draft_is_unchanged(string body, string field)
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var draft = await DigestApi.DraftAsync(secretariat, today.AddDays(-1), today);
        var id = draft.GetProperty("id").GetGuid();

        using var response = await secretariat.PutAsync($"{Digests}/{id}", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var stored = await secretariat.GetFromJsonAsync<JsonElement>($"{Digests}/{id}", Ct);
        Assert.Equal(1, stored.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Drafts_are_the_secretariats_only()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, Guid.NewGuid()));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var id = (await DigestApi.DraftAsync(secretariat, today, today)).GetProperty("id").GetGuid();

        foreach (var path in new[] { $"{Digests}/{id}", $"{Digests}/{id}/html", $"{Digests}/{id}/text" })
        {
            using var response = await member.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var drafts = await member.GetAsync($"{Digests}?status=draft", Ct)) Assert.Equal(HttpStatusCode.BadRequest, drafts.StatusCode);
        using (var draft = await member.PostAsync(Digests, Json($$"""{"from":"{{today:yyyy-MM-dd}}","to":"{{today:yyyy-MM-dd}}"}"""), Ct)) Assert.Equal(HttpStatusCode.Forbidden, draft.StatusCode);
        var listed = await secretariat.GetFromJsonAsync<JsonElement>($"{Digests}?status=draft&limit=100", Ct);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task The_scheduled_run_drafts_the_week_before_it_once_however_often_it_runs()
    {
        var schedule = hub.Services.GetRequiredService<DigestSchedule>();
        var run = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero); // Monday 06:00 in New York.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var first = await schedule.DraftForAsync(run, zone, Ct);
        var again = await schedule.DraftForAsync(run.AddMinutes(1), zone, Ct);

        Assert.False(again);
        var id = DigestSchedule.PeriodId("scheduled", new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22));
        using var secretariat = await hub.SecretariatClientAsync();
        var draft = await secretariat.GetFromJsonAsync<JsonElement>($"{Digests}/{id}", Ct);
        Assert.Equal("2026-11-16", draft.GetProperty("from").GetString());
        Assert.Equal("2026-11-22", draft.GetProperty("to").GetString());
        Assert.Equal("schedule", draft.GetProperty("draftedBy").GetString());
        Assert.Single(DigestApi.Outbox(hub, "DigestDrafted"), p => p.Contains(id.ToString()));
        _ = first; // False when the service's own start-up run had drafted this week already.
    }

    private static JsonObject Day(JsonObject body, DateOnly day)
    {
        body["date"] = day.ToString("yyyy-MM-dd");
        return body;
    }
}

/// <summary>Small helpers for the digest tests: the records a digest is drafted from, and the service's outbox.</summary>
internal static class DigestApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, JsonNode body, HttpStatusCode expected, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = Json(body.ToJsonString()) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> DraftAsync(HttpClient secretariat, DateOnly from, DateOnly to) =>
        SendAsync(secretariat, HttpMethod.Post, "/api/news/digests", new JsonObject { ["from"] = $"{from:yyyy-MM-dd}", ["to"] = $"{to:yyyy-MM-dd}" }, HttpStatusCode.Created);

    public static async Task<Guid> ScheduleAsync(HttpClient secretariat, DateOnly day, string situation)
    {
        await secretariat.EnsureSituationsAsync(situation);
        return (await SendAsync(secretariat, HttpMethod.Post, "/api/news/programme/meetings", new JsonObject
        {
            ["start"] = $"{day:yyyy-MM-dd}T10:00", ["format"] = "briefing", ["situationId"] = situation, ["title"] = $"Briefing of {day:yyyy-MM-dd}",
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> RecordResolutionAsync(HttpClient secretariat, string title, DateOnly on)
    {
        await secretariat.EnsureSituationsAsync("darfur");
        return (await SendAsync(secretariat, HttpMethod.Post, "/api/news/resolutions", new JsonObject
        {
            ["title"] = title, ["situationId"] = "darfur", ["status"] = "under-negotiation", ["on"] = $"{on:yyyy-MM-dd}",
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> RegisterAsync(HttpClient secretariat, string name) =>
        (await SendAsync(secretariat, HttpMethod.Post, "/api/directory/organizations", new JsonObject { ["name"] = name, ["country"] = "CA" }, HttpStatusCode.Created))
        .GetProperty("id").GetGuid();

    public static IEnumerable<string> Outbox(EmbeddedHub hub, string type) =>
        PositionVisibilityTests.OutboxPayloads(hub, type, "news-digest").Select(r => r.Payload);
}

public sealed class DigestWordsTests
{
    [Theory]
    [InlineData("en", "2026-11-23", "2026-11-29", "InfoHub digest, 23–29 November 2026")]
    [InlineData("fr", "2026-11-30", "2026-12-06", "Bulletin InfoHub, 30 novembre – 6 décembre 2026")]
    [InlineData("es", "2026-12-28", "2027-01-03", "Boletín de InfoHub, 28 de diciembre de 2026 – 3 de enero de 2027")]
    public void A_digest_is_titled_with_its_period_in_its_own_language_without_ICU(string language, string from, string to, string title) =>
        Assert.Equal(title, DigestWords.Get(language, "title", DigestWords.Period(language, DateOnly.Parse(from), DateOnly.Parse(to))));

    [Theory]
    [InlineData("en", "Tuesday 24 November, 10:00")]
    [InlineData("fr", "mardi 24 novembre, 10:00")]
    [InlineData("es", "martes 24 de noviembre, 10:00")]
    public void A_meeting_is_dated_in_the_readers_words(string language, string expected) =>
        Assert.Equal(expected, DigestWords.DayAndTime(language, new DateTime(2026, 11, 24, 10, 0, 0)));
}
