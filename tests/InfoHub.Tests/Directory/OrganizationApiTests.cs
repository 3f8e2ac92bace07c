using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Directory;

public sealed class OrganizationApiTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>, IAsyncLifetime
{
    /// <summary>Acts as the secretariat: the role that may register and edit any organization.</summary>
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync() => _client = await hub.SecretariatClientAsync();

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> RegisterAsync(string name, string country = "CA", string? description = null)
    {
        var body = JsonSerializer.Serialize(new { name, country, description });
        using var response = await _client.PostAsync(Organizations, Json(body), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<int> CountAsync(string q)
    {
        var page = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}?q={Uri.EscapeDataString(q)}&limit=100", Ct);
        return page.GetProperty("count").GetInt32();
    }

    [Fact]
    public async Task Registering_returns_201_with_location_etag_and_the_stored_profile()
    {
        using var response = await _client.PostAsync(Organizations, Json("""{"name":"  Project Ploughshares ","acronym":"PP","country":"ca","description":"Peace research"}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Project Ploughshares", created.GetProperty("name").GetString());
        Assert.Equal("CA", created.GetProperty("country").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt64());

        var fetched = await _client.GetFromJsonAsync<JsonElement>(response.Headers.Location!, Ct);
        Assert.Equal(created.GetProperty("id").GetGuid(), fetched.GetProperty("id").GetGuid());
        Assert.Equal("PP", fetched.GetProperty("acronym").GetString());
    }

    [Theory]
    [InlineData("""{"country":"CA"}""", "name")]
    [InlineData("""{"name":"   ","country":"CA"}""", "name")]
    [InlineData("""{"name":"X","country":"CA"}""", "name")]
    [InlineData("""{"name":"Valid Name","country":"ZZ"}""", "country")]
    [InlineData("""{"name":"Valid Name","country":"CAN"}""", "country")]
    [InlineData("""{"name":"Valid Name"}""", "country")]
    [InlineData("""{"name":{"$gt":""},"country":"CA"}""", "name")]
    [InlineData("""{"name":"Valid Name","country":{"$ne":null}}""", "country")]
    [InlineData("""{"name":["a","b"],"country":"CA"}""", "name")]
    [InlineData("""{"name":"Valid Name","country":"CA","$where":"1"}""", "$where")]
    [InlineData("""{"name":"Valid Name","country":"CA","acronym":"THIS ACRONYM IS FAR TOO LONG"}""", "acronym")]
    [InlineData("""{"name":"Valid Name","country":"CA","description":42}""", "description")]
    [InlineData("""not json at all""", "body")]
    [InlineData("""{"name":"Valid Name","country":"CA",""", "body")]
    [InlineData("""null""", "body")]
    public async Task Invalid_registration_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await CountAsync("Valid");

        using var response = await _client.PostAsync(Organizations, Json(body), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await CountAsync("Valid"));
    }

    [Fact]
    public async Task A_body_that_is_not_sent_as_JSON_is_refused_with_415()
    {
        using var response = await _client.PostAsync(Organizations, Json("name=Oxfam&country=GB", "application/x-www-form-urlencoded"), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.UnsupportedMediaType, "body");
    }

    [Fact]
    public async Task Replacing_a_profile_bumps_the_version_and_a_stale_If_Match_is_refused()
    {
        var id = (await RegisterAsync("Fund for Peace", "US")).GetProperty("id").GetGuid();

        using var update = new HttpRequestMessage(HttpMethod.Put, $"{Organizations}/{id}") { Content = Json("""{"name":"The Fund for Peace","country":"US"}""") };
        update.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var updated = await _client.SendAsync(update, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Organizations}/{id}") { Content = Json("""{"name":"Lost Update","country":"US"}""") };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var refused = await _client.SendAsync(stale, Ct);
        await AssertProblemNamingAsync(refused, HttpStatusCode.PreconditionFailed, "If-Match");

        var current = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}/{id}", Ct);
        Assert.Equal("The Fund for Peace", current.GetProperty("name").GetString());
        Assert.Equal(2, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Concurrent_replacements_without_If_Match_all_land_as_successive_versions()
    {
        var id = (await RegisterAsync("International Alert", "GB")).GetProperty("id").GetGuid();

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            _client.PutAsync($"{Organizations}/{id}", Json($$"""{"name":"International Alert {{i}}","country":"GB"}"""), Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var current = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}/{id}", Ct);
        Assert.Equal(9, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Invalid_replacement_leaves_the_profile_unchanged()
    {
        var id = (await RegisterAsync("Refugees International", "US")).GetProperty("id").GetGuid();

        using var response = await _client.PutAsync($"{Organizations}/{id}", Json("""{"name":"Refugees International","country":"XX"}"""), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "country");
        var current = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}/{id}", Ct);
        Assert.Equal("US", current.GetProperty("country").GetString());
        Assert.Equal(1, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Unknown_organizations_are_404_problems()
    {
        using var get = await _client.GetAsync($"{Organizations}/{Guid.NewGuid()}", Ct);
        using var put = await _client.PutAsync($"{Organizations}/{Guid.NewGuid()}", Json("""{"name":"Nobody","country":"CA"}"""), Ct);
        using var notAnId = await _client.GetAsync($"{Organizations}/not-an-id", Ct);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Equal("application/problem+json", notAnId.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Search_finds_organizations_by_words_of_name_acronym_or_description()
    {
        var id = (await RegisterAsync("Mennonite Central Committee", "US", "Relief, development and peacebuilding in Zanzibarland")).GetProperty("id").GetGuid();

        var byDescription = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}?q=zanzibarland", Ct);
        var byStem = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}?q=mennonites%20committees", Ct);

        Assert.Equal(id, Assert.Single(byDescription.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Contains(byStem.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Search_combines_text_with_country_filters_and_counts_every_country()
    {
        var word = "zorblax" + Guid.NewGuid().ToString("N")[..6];
        await RegisterAsync("Canadian group one", "CA", $"Works on {word}");
        await RegisterAsync("Canadian group two", "CA", $"Also {word}");
        await RegisterAsync("French group", "FR", $"Travaille sur {word}");

        var page = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}?q={word}&country=ca", Ct);
        var either = await _client.GetFromJsonAsync<JsonElement>($"{Organizations}?q={word}&country=CA&country=FR", Ct);

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), o => Assert.Equal("CA", o.GetProperty("country").GetString()));
        var counts = page.GetProperty("facets").GetProperty("country");
        Assert.Equal(2, counts.GetProperty("CA").GetInt32());
        Assert.Equal(1, counts.GetProperty("FR").GetInt32());
        Assert.Equal(3, either.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Results_sorted_by_name_page_with_a_cursor_to_the_end()
    {
        var word = "quuxal" + Guid.NewGuid().ToString("N")[..6];
        var names = new[] { "Echo Org", "Alpha Org", "Delta Org", "Bravo Org", "Charlie Org" };
        foreach (var name in names) await RegisterAsync(name, "GB", $"About {word}");

        Assert.Equal(names.Order().ToList(), await AllPagesAsync($"q={word}&sort=name&limit=2"));
    }

    [Fact]
    public async Task Results_ranked_by_relevance_page_with_a_cursor_to_the_end_best_first()
    {
        var word = "quuxrank" + Guid.NewGuid().ToString("N")[..6];
        await RegisterAsync("Rank Once", "GB", $"About {word} and many other things besides, at some length");
        await RegisterAsync("Rank Thrice", "GB", $"{word} {word} {word}");
        await RegisterAsync("Rank Twice", "GB", $"{word}, again {word}");

        Assert.Equal(["Rank Thrice", "Rank Twice", "Rank Once"], await AllPagesAsync($"q={word}&limit=1"));
    }

    /// <summary>Every page of a search, following <c>next</c> with <c>cursor</c>, as the names listed.</summary>
    private async Task<List<string>> AllPagesAsync(string query)
    {
        var seen = new List<string>();
        var url = $"{Organizations}?{query}";
        for (var pages = 0; url is not null && pages < 10; pages++)
        {
            var page = await _client.GetFromJsonAsync<JsonElement>(url, Ct);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("name").GetString()!));
            url = page.TryGetProperty("next", out var next) ? $"{Organizations}?{query}&cursor={Uri.EscapeDataString(next.GetString()!)}" : null;
        }
        return seen;
    }

    [Theory]
    [InlineData("country=XX", "country")]
    [InlineData("country=CA&country=Canada", "country")]
    [InlineData("sort=size", "sort")]
    [InlineData("sort=name&cursor=not-a-cursor", "cursor")]
    [InlineData("q=peace&cursor=QUJDH2lk", "cursor")]
    [InlineData("theme=astrology", "theme")]
    [InlineData("region=abc", "region")]
    [InlineData("situation=Not%20An%20Id!", "situation")]
    [InlineData("language=12", "language")]
    [InlineData("membership=vip", "membership")]
    [InlineData("sort=popularity", "sort")]
    public async Task Search_filters_sorts_and_cursors_that_make_no_sense_are_400_naming_them(string query, string field)
    {
        using var response = await _client.GetAsync($"{Organizations}?{query}", Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task Search_parameters_out_of_range_are_400_naming_them(string query, string field)
    {
        using var response = await _client.GetAsync($"{Organizations}?{query}", Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Overlong_search_text_is_a_400_naming_q()
    {
        using var response = await _client.GetAsync($"{Organizations}?q={new string('a', 201)}", Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task Health_endpoints_answer_live_and_ready()
    {
        using var live = await _client.GetAsync("/health/live", Ct);
        using var ready = await _client.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var checks = report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("store-directory", checks);
        Assert.Contains("store-contacts", checks);
        Assert.Contains("broker", checks);
    }
}
