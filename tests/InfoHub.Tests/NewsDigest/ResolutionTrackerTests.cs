using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Microsoft.Data.Sqlite;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

public sealed class ResolutionTrackerTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private const string Resolutions = "/api/news/resolutions";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The fifteen members of 2026 (ISO codes), the two given abstaining, the rest in favour.</summary>
    private static object Vote2026(params string[] abstaining)
    {
        string[] members = ["CN", "FR", "RU", "GB", "US", "DK", "GR", "PK", "PA", "SO", "BH", "CO", "CD", "LV", "LR"];
        return new { inFavour = members.Except(abstaining).ToArray(), abstaining };
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object body, HttpStatusCode expected, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = Json(JsonSerializer.Serialize(body)) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_draft_is_tracked_from_negotiation_to_adoption_with_its_vote_and_every_step_goes_on_the_bus()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("great-lakes-test");
        var created = await SendAsync(secretariat, HttpMethod.Post, Resolutions, new
        {
            draftSymbol = "s/2026/310", title = "Draft resolution on the protection of civilians in the Great Lakes region",
            situationId = "great-lakes-test", refersToResponsibilityToProtect = true, status = "under-negotiation", on = "2026-03-02",
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("S/2026/310", created.GetProperty("draftSymbol").GetString());

        await SendAsync(secretariat, HttpMethod.Post, $"{Resolutions}/{id}/steps", new { status = "in-blue", on = "2026-03-10" }, HttpStatusCode.OK, ifMatch: "\"1\"");
        var adopted = await SendAsync(secretariat, HttpMethod.Post, $"{Resolutions}/{id}/steps",
            new { status = "adopted", on = "2026-03-12", symbol = "S/RES/2811 (2026)", vote = Vote2026("CN", "RU") }, HttpStatusCode.OK);

        Assert.Equal("adopted", adopted.GetProperty("status").GetString());
        Assert.Equal("2026-03-12", adopted.GetProperty("statusOn").GetString());
        Assert.Equal("13–0–2", adopted.GetProperty("vote").GetProperty("tally").GetString());
        Assert.Equal(["CN", "RU"], adopted.GetProperty("vote").GetProperty("abstaining").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["under-negotiation", "in-blue", "adopted"], adopted.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(3, adopted.GetProperty("version").GetInt64());

        // Found by either symbol, as typed by a person.
        foreach (var symbol in new[] { "s/res/2811(2026)", "S/2026/310" })
        {
            var found = await secretariat.GetFromJsonAsync<JsonElement>($"{Resolutions}?symbol={Uri.EscapeDataString(symbol)}", Ct);
            Assert.Equal(id, found.GetProperty("items")[0].GetProperty("id").GetGuid());
        }
        using var anonymous = hub.CreateClient();
        var listed = await anonymous.GetFromJsonAsync<JsonElement>($"{Resolutions}?situation=great-lakes-test&status=adopted&r2p=yes", Ct);
        Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        var published = Outbox(hub, "ResolutionStatusChanged").Where(p => p.Contains(id.ToString())).ToList();
        Assert.Equal(3, published.Count);
        var last = JsonDocument.Parse(published[^1]).RootElement;
        Assert.Equal("adopted", last.GetProperty("status").GetString());
        Assert.Equal(13, last.GetProperty("history")[2].GetProperty("vote").GetProperty("inFavour").GetArrayLength());
    }

    [Fact]
    public async Task An_adopted_resolution_cannot_be_vetoed_afterwards_and_the_refusal_changes_nothing()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var created = await SendAsync(secretariat, HttpMethod.Post, Resolutions, new
        {
            title = "Resolution on children and armed conflict", thematicItem = "Children and armed conflict", status = "adopted", on = "2026-02-05",
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var refused = await SendAsync(secretariat, HttpMethod.Post, $"{Resolutions}/{id}/steps",
            new { status = "vetoed", on = "2026-02-06", vote = new { against = new[] { "RU" } } }, HttpStatusCode.BadRequest);
        Assert.Contains("final", refused.GetProperty("errors").GetProperty("status")[0].GetString());
        var refusedBack = await SendAsync(secretariat, HttpMethod.Post, $"{Resolutions}/{id}/steps", new { status = "draft", on = "2026-02-06" }, HttpStatusCode.BadRequest);
        Assert.True(refusedBack.GetProperty("errors").TryGetProperty("status", out _));

        var stored = await secretariat.GetFromJsonAsync<JsonElement>($"{Resolutions}/{id}", Ct);
        Assert.Equal(1, stored.GetProperty("version").GetInt64());
        Assert.Equal("adopted", stored.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("DZ", "vote.DZ")] // Algeria sat in 2024–2025, not in February 2026.
    [InlineData("XX", "vote.XX")]
    public async Task A_vote_by_a_state_not_on_the_Council_that_day_is_refused(string voter, string field)
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var created = await SendAsync(secretariat, HttpMethod.Post, Resolutions, new
        {
            title = $"Draft resolution voted on by {voter}", thematicItem = "Women and peace and security", status = "in-blue", on = "2026-02-09",
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var refused = await SendAsync(secretariat, HttpMethod.Post, $"{Resolutions}/{id}/steps",
            new { status = "adopted", on = "2026-02-10", vote = new { inFavour = new[] { "FR", "GB", "US", voter } } }, HttpStatusCode.BadRequest);

        Assert.True(refused.GetProperty("errors").TryGetProperty(field, out _), refused.ToString());
        Assert.Equal("in-blue", (await secretariat.GetFromJsonAsync<JsonElement>($"{Resolutions}/{id}", Ct)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"title":"T1 resolution","thematicItem":"Protection of civilians","status":"passed","on":"2026-01-10"}""", "status")]
    [InlineData("""{"title":"T2 resolution","thematicItem":"Protection of civilians","status":"draft"}""", "on")]
    [InlineData("""{"title":"T3 resolution","thematicItem":"Protection of civilians","status":"draft","on":"2026-13-01"}""", "on")]
    [InlineData("""{"title":"T4 resolution","thematicItem":"Protection of civilians","status":"draft","on":"2999-01-01"}""", "on")]
    [InlineData("""{"title":"T5 resolution","status":"draft","on":"2026-01-10"}""", "situationId")]
    [InlineData("""{"title":"T6 resolution","situationId":"darfur","thematicItem":"Protection of civilians","status":"draft","on":"2026-01-10"}""", "situationId")]
    [InlineData("""{"title":"T7 resolution","situationId":"Darfur!","status":"draft","on":"2026-01-10"}""", "situationId")]
    [InlineData("""{"title":"T7b resolution","situationId":"atlantis","status":"draft","on":"2026-01-10"}""", "situationId")]
    [InlineData("""{"symbol":"S/RES/99999","title":"T8 resolution","thematicItem":"Protection of civilians","status":"adopted","on":"2026-01-10"}""", "symbol")]
    [InlineData("""{"symbol":"S/2026/12","title":"T9 resolution","thematicItem":"Protection of civilians","status":"adopted","on":"2026-01-10"}""", "symbol")]
    [InlineData("""{"symbol":"S/RES/2800 (2026)","title":"T10 resolution","thematicItem":"Protection of civilians","status":"in-blue","on":"2026-01-10"}""", "symbol")]
    [InlineData("""{"symbol":"S/RES/2800 (2025)","title":"T11 resolution","thematicItem":"Protection of civilians","status":"adopted","on":"2026-01-10"}""", "symbol")]
    [InlineData("""{"draftSymbol":"A/80/1","title":"T12 resolution","thematicItem":"Protection of civilians","status":"draft","on":"2026-01-10"}""", "draftSymbol")]
    [InlineData("""{"title":"T13 resolution","thematicItem":"Protection of civilians","status":"draft","on":"2026-01-10","links":["javascript:alert(1)"]}""", "links[0]")]
    [InlineData("""{"title":"T14 resolution","thematicItem":"Protection of civilians","status":"draft","on":"2026-01-10","vote":{"inFavour":["FR"]}}""", "vote")]
    [InlineData("""{"title":"T15 resolution","thematicItem":"Protection of civilians","status":"adopted","on":"2026-01-10","vote":{"inFavour":["FR"],"against":["fr"]}}""", "vote.FR")]
    [InlineData("""{"title":"T16 resolution","thematicItem":"Protection of civilians","status":"adopted","on":"2026-01-10","vote":{"inFavour":["FR","GB","US","CN","DK","GR","PK","PA","SO","BH"],"against":["RU"]}}""", "vote")]
    [InlineData("""{"title":"T17 resolution","thematicItem":"Protection of civilians","status":"draft","on":"2026-01-10","colour":"blue"}""", "colour")]
    [InlineData("""{"title":"","thematicItem":"Protection of civilians","status":"draft","on":"2026-01-10"}""", "title")]
    public async Task A_resolution_the_tracker_cannot_take_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var before = (await secretariat.GetFromJsonAsync<JsonElement>($"{Resolutions}?limit=1", Ct)).GetProperty("total").GetInt32();

        using var response = await secretariat.PostAsync(Resolutions, Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await secretariat.GetFromJsonAsync<JsonElement>($"{Resolutions}?limit=1", Ct)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_symbol_belongs_to_one_resolution_and_a_corrected_one_is_free_again()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var first = await SendAsync(secretariat, HttpMethod.Post, Resolutions, new
        {
            symbol = "S/RES/2790 (2025)", title = "Resolution with a mistyped number", thematicItem = "Protection of civilians in armed conflict", status = "adopted", on = "2025-09-30",
        }, HttpStatusCode.Created);
        var taken = await SendAsync(secretariat, HttpMethod.Post, Resolutions, new
        {
            symbol = "S/RES/2790 (2025)", title = "Another resolution", thematicItem = "Protection of civilians in armed conflict", status = "adopted", on = "2025-09-30",
        }, HttpStatusCode.Conflict);
        Assert.Equal("symbol", taken.GetProperty("field").GetString());

        var id = first.GetProperty("id").GetGuid();
        await SendAsync(secretariat, HttpMethod.Put, $"{Resolutions}/{id}", new
        {
            symbol = "S/RES/2791 (2025)", title = "Resolution with its number corrected", thematicItem = "Protection of civilians in armed conflict",
        }, HttpStatusCode.OK, ifMatch: "\"1\"");
        await SendAsync(secretariat, HttpMethod.Post, Resolutions, new
        {
            symbol = "S/RES/2790 (2025)", title = "The resolution that really is 2790", thematicItem = "Protection of civilians in armed conflict", status = "adopted", on = "2025-09-30",
        }, HttpStatusCode.Created);
        var stale = await SendAsync(secretariat, HttpMethod.Put, $"{Resolutions}/{id}", new
        {
            symbol = "S/RES/2791 (2025)", title = "A change from an old copy", thematicItem = "Protection of civilians in armed conflict",
        }, HttpStatusCode.PreconditionFailed, ifMatch: "\"1\"");
        Assert.Equal("If-Match", stale.GetProperty("field").GetString());
        Assert.Equal(["ResolutionStatusChanged", "ResolutionUpdated"], OutboxTypes(hub, id.ToString()));
    }

    [Fact]
    public async Task Only_the_secretariat_records_resolutions()
    {
        using var anonymous = hub.CreateClient();
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, Guid.NewGuid()));
        var body = new { title = "Unauthorized draft", thematicItem = "Protection of civilians", status = "draft", on = "2026-01-10" };

        await SendAsync(anonymous, HttpMethod.Post, Resolutions, body, HttpStatusCode.Unauthorized);
        await SendAsync(member, HttpMethod.Post, Resolutions, body, HttpStatusCode.Forbidden);
    }

    private static IEnumerable<string> Outbox(EmbeddedHub hub, string type) => OutboxRows(hub).Where(r => r.Type.Contains(type)).Select(r => r.Payload);

    private static List<string> OutboxTypes(EmbeddedHub hub, string containing) =>
        OutboxRows(hub).Where(r => r.Payload.Contains(containing)).Select(r => r.Type.Split(',')[0].Split(':', '.')[^1]).ToList();

    /// <summary>The news-digest service's outbox, oldest first: what it has published or will publish.</summary>
    private static List<(string Type, string Payload)> OutboxRows(EmbeddedHub hub)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(hub.DataDirectory, "news-digest.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_type, payload FROM outbox ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}

public sealed class DemoResolutionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_tracker_holds_the_resolutions_the_network_distributed_and_drafts_marked_as_demo()
    {
        await using var hub = new EmbeddedHub { DemoData = true };
        using var client = hub.CreateClient();

        var r2p = default(JsonElement);
        Assert.True(await EventuallyAsync(async () =>
        {
            r2p = await client.GetFromJsonAsync<JsonElement>("/api/news/resolutions?r2p=yes&status=adopted", Ct);
            return r2p.GetProperty("total").GetInt32() > 0;
        }, TimeSpan.FromSeconds(20)));
        var first = Assert.Single(r2p.GetProperty("items").EnumerateArray(), i => !i.GetProperty("title").GetString()!.StartsWith("[Demo data]"));
        Assert.Equal("S/RES/1674 (2006)", first.GetProperty("symbol").GetString());
        Assert.Equal("2006-04-28", first.GetProperty("statusOn").GetString());
        Assert.True(first.GetProperty("demo").GetBoolean());

        var all = await client.GetFromJsonAsync<JsonElement>("/api/news/resolutions?limit=100", Ct);
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(12, items.Count);
        Assert.All(items.Where(i => !i.TryGetProperty("symbol", out _)), i => Assert.StartsWith("[Demo data]", i.GetProperty("title").GetString()));
        Assert.Contains(items, i => i.GetProperty("status").GetString() == "in-blue");
        Assert.Contains(items, i => i.TryGetProperty("vote", out var v) && v.ValueKind == JsonValueKind.Object && v.GetProperty("tally").GetString() == "13–0–2");
        // Newest step first.
        var days = items.Select(i => DateOnly.Parse(i.GetProperty("statusOn").GetString()!)).ToList();
        Assert.Equal(days.OrderDescending(), days);
    }
}
