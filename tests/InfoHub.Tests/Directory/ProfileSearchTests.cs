using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Platform.Storage;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Directory;

/// <summary>Full profiles, activities and the faceted "who works on what, where" search.</summary>
public sealed class ProfileSearchTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    [Fact]
    public async Task A_full_profile_is_stored_normalized_and_served_back()
    {
        var id = await Secretariat.RegisterAsync(new
        {
            name = "Profile Test Coalition", acronym = "PTC", country = "ke", website = "https://example.org/ptc",
            translations = new Dictionary<string, object> { ["FR"] = new { name = "Coalition Test Profil" }, ["pt-br"] = new { description = "Descrição" } },
            languages = new[] { "EN", "fr", "sw" }, sectors = new[] { "human-rights", "human-rights", "women-gender" }, scope = "Regional",
            regions = new[] { "014" }, countries = new[] { "ke", "UG" }, themes = new[] { "early-warning" }, functions = new[] { "monitoring" },
            membership = new { status = "member", joinedOn = "2009-07-23", campaigns = new[] { "R2P week" }, optedOutOf = new[] { "Arms campaign" } },
        });

        var profile = await Secretariat.GetJsonAsync($"{Organizations}/{id}");

        Assert.Equal("KE", profile.GetProperty("country").GetString());
        Assert.Equal(["fr", "pt-BR"], profile.GetProperty("translations").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["en", "fr", "sw"], profile.GetProperty("languages").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["human-rights", "women-gender"], profile.GetProperty("sectors").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("regional", profile.GetProperty("scope").GetString());
        Assert.Equal(["KE", "UG"], profile.GetProperty("countries").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("2009-07-23", profile.GetProperty("membership").GetProperty("joinedOn").GetString());
        Assert.Equal("Arms campaign", profile.GetProperty("membership").GetProperty("optedOutOf")[0].GetString());
        Assert.False(profile.GetProperty("demo").GetBoolean());
    }

    [Theory]
    [InlineData("""{"name":"Valid Name","country":"CA","themes":["prevention","astrology"]}""", "themes[1]")]
    [InlineData("""{"name":"Valid Name","country":"CA","sectors":["human rights"]}""", "sectors[0]")]
    [InlineData("""{"name":"Valid Name","country":"CA","scope":"galactic"}""", "scope")]
    [InlineData("""{"name":"Valid Name","country":"CA","regions":["999"]}""", "regions[0]")]
    [InlineData("""{"name":"Valid Name","country":"CA","countries":["XX"]}""", "countries[0]")]
    [InlineData("""{"name":"Valid Name","country":"CA","languages":["english"]}""", "languages[0]")]
    [InlineData("""{"name":"Valid Name","country":"CA","website":"javascript:alert(1)"}""", "website")]
    [InlineData("""{"name":"Valid Name","country":"CA","logoUrl":"/relative.png"}""", "logoUrl")]
    [InlineData("""{"name":"Valid Name","country":"CA","membership":{"joinedOn":"2009-01-01"}}""", "membership.status")]
    [InlineData("""{"name":"Valid Name","country":"CA","membership":{"status":"member","joinedOn":"23/07/2009"}}""", "membership.joinedOn")]
    [InlineData("""{"name":"Valid Name","country":"CA","membership":{"status":"member","campaigns":["Arms"],"optedOutOf":["arms"]}}""", "membership.optedOutOf")]
    [InlineData("""{"name":"Valid Name","country":"CA","translations":{"not a tag":{"name":"X y"}}}""", "translations.not a tag")]
    [InlineData("""{"name":"Valid Name","country":"CA","id":"5d3c8f0e-2b1a-4c6e-9f7d-3a2b1c0d9e8f"}""", "id")]
    public async Task A_profile_with_a_value_outside_its_vocabulary_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await Secretariat.PostAsync(Organizations, Json(body), Ct);
        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Search_combines_text_in_activities_with_theme_country_and_situation_facets_and_counts_each()
    {
        await Secretariat.DefineSituationAsync("facet-land", "Facetland crisis", "SD");
        var alpha = await Secretariat.RegisterAsync(new { name = "Alpha Facet Watch", country = "GB", themes = new[] { "early-warning" }, sectors = new[] { "human-rights" }, languages = new[] { "en" } });
        var beta = await Secretariat.RegisterAsync(new { name = "Beta Facet Relief", country = "FR", themes = new[] { "humanitarian-access" }, sectors = new[] { "humanitarian" }, languages = new[] { "fr" } });
        await Secretariat.RegisterAsync(new { name = "Gamma Facet Studies", country = "US", themes = new[] { "early-warning" }, sectors = new[] { "research-policy" } });
        await Secretariat.PostCreatedAsync($"{Organizations}/{alpha}/activities", new { title = "Zyxwv monitoring of villages", themes = new[] { "protection-of-civilians" }, countries = new[] { "SD" }, situations = new[] { "facet-land" } });
        await Secretariat.PostCreatedAsync($"{Organizations}/{beta}/activities", new { title = "Zyxwv convoy access", countries = new[] { "SD" } });

        var byActivityText = await Secretariat.GetJsonAsync($"{Organizations}?q=zyxwv&limit=100");
        var inSudan = await Secretariat.GetJsonAsync($"{Organizations}?q=facet&country=SD&limit=100");
        var bySituation = await Secretariat.GetJsonAsync($"{Organizations}?situation=facet-land");
        var warningInSudan = await Secretariat.GetJsonAsync($"{Organizations}?q=facet&theme=early-warning&country=SD");
        var french = await Secretariat.GetJsonAsync($"{Organizations}?q=facet&language=fr");
        var bySituationName = await Secretariat.GetJsonAsync($"{Organizations}?q=facetland");

        Assert.Equal(["Alpha Facet Watch", "Beta Facet Relief"], Names(byActivityText).Order().ToArray());
        Assert.Equal(["Alpha Facet Watch", "Beta Facet Relief"], Names(inSudan).Order().ToArray());
        Assert.Equal(["Alpha Facet Watch"], Names(bySituation));
        Assert.Equal(["Alpha Facet Watch"], Names(warningInSudan));
        Assert.Equal(["Beta Facet Relief"], Names(french));
        Assert.Equal(["Alpha Facet Watch"], Names(bySituationName));

        // Each facet is counted under the other filters: with country=SD, the themes of the two organizations there;
        // the country counts ignore the country filter itself, so the user sees where else "facet" organizations work.
        var facets = inSudan.GetProperty("facets");
        Assert.Equal(1, facets.GetProperty("theme").GetProperty("early-warning").GetInt32());
        Assert.Equal(1, facets.GetProperty("theme").GetProperty("protection-of-civilians").GetInt32());
        Assert.Equal(1, facets.GetProperty("country").GetProperty("US").GetInt32());
        Assert.Equal(2, facets.GetProperty("country").GetProperty("SD").GetInt32());
        Assert.Equal(1, facets.GetProperty("situation").GetProperty("facet-land").GetInt32());
        foreach (var facet in new[] { "theme", "country", "region", "situation", "sector", "scope", "language", "membership" })
            Assert.True(facets.TryGetProperty(facet, out _), $"no counts for {facet}");
        Assert.False(byActivityText.GetProperty("items")[0].TryGetProperty("activities", out _));
        Assert.Equal(1, byActivityText.GetProperty("items")[0].GetProperty("activityCount").GetInt32());
    }

    [Fact]
    public async Task An_organization_is_found_by_the_labels_of_its_vocabulary_in_english_french_and_spanish()
    {
        var id = (await Secretariat.RegisterAsync(new
        {
            name = "Labelled Coalition", country = "CI", themes = new[] { "early-warning" }, sectors = new[] { "women-gender" },
            functions = new[] { "capacity-building" }, regions = new[] { "011" },
        })).ToString();
        string[] queries =
        [
            "early warning", "alerte précoce", "alerta temprana", "femmes et genre", "mujeres", "renforcement des capacités",
            "fortalecimiento de capacidades", "Afrique de l'Ouest", "África occidental", "Costa de Marfil", "cote d'ivoire",
        ];

        var missed = new List<string>();
        foreach (var query in queries)
        {
            var found = await Secretariat.GetJsonAsync($"{Organizations}?q={Uri.EscapeDataString(query)}&limit=100");
            if (!found.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == id)) missed.Add(query);
        }

        Assert.Empty(missed);
    }

    [Fact]
    public async Task An_organization_stored_before_the_labels_were_searchable_is_found_by_them_once_derived_again()
    {
        var id = await Secretariat.RegisterAsync(new { name = "Upgraded Network", country = "SN", themes = new[] { "early-warning" } });
        var store = Hub.Services.GetRequiredKeyedService<IDocumentStore>("directory");
        var stored = (await store.GetAsync("organizations", id.ToString(), Ct))!;
        // What an earlier version stored: the name only, no labels.
        Assert.True(await store.ReindexAsync(new DocumentChange("organizations", stored.Id, stored.Version, stored.Json, stored.UpdatedAt, "Upgraded Network", "upgraded network"), Ct));
        async Task<bool> FoundAsync() => (await Secretariat.GetJsonAsync($"{Organizations}?q={Uri.EscapeDataString("alerta temprana")}&country=SN&limit=100"))
            .GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetGuid() == id);
        Assert.False(await FoundAsync());

        Assert.True(await Hub.Services.GetRequiredService<InfoHub.Directory.Organizations.OrganizationStore>().RederiveSearchAsync(Ct) > 0);

        Assert.True(await FoundAsync());
        Assert.Equal(stored.Version, (await store.GetAsync("organizations", id.ToString(), Ct))!.Version);
    }

    [Fact]
    public async Task Region_filters_match_organizations_working_in_a_sub_region_of_it()
    {
        await Secretariat.RegisterAsync(new { name = "Regional Westafrica Network", country = "SN", regions = new[] { "011" } });

        Assert.Equal(["Regional Westafrica Network"], Names(await Secretariat.GetJsonAsync($"{Organizations}?q=westafrica&region=002")));
        Assert.Empty(Names(await Secretariat.GetJsonAsync($"{Organizations}?q=westafrica&region=142")));
    }

    [Fact]
    public async Task Sorting_by_last_update_lists_the_most_recently_changed_first_and_pages_with_a_cursor()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await Secretariat.RegisterAsync(new { name = $"Updorder {i}", country = "CA" }));
        using (var touched = await Secretariat.PutAsync($"{Organizations}/{ids[1]}", Json("""{"name":"Updorder 1","country":"CA","description":"touched"}"""), Ct))
            Assert.Equal(HttpStatusCode.OK, touched.StatusCode);

        var first = await Secretariat.GetJsonAsync($"{Organizations}?q=updorder&sort=updated&limit=3");
        var second = await Secretariat.GetJsonAsync($"{Organizations}?q=updorder&sort=updated&limit=3&cursor={first.GetProperty("next").GetString()}");

        Assert.Equal(["Updorder 1", "Updorder 4", "Updorder 3", "Updorder 2", "Updorder 0"], [.. Names(first), .. Names(second)]);
        using var wrongOrder = await Secretariat.GetAsync($"{Organizations}?q=updorder&sort=name&cursor={first.GetProperty("next").GetString()}", Ct);
        await AssertProblemNamingAsync(wrongOrder, HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Activities_are_recorded_replaced_and_removed_by_the_organization_itself_with_their_own_versions()
    {
        var id = await Secretariat.RegisterAsync(new { name = "Activity Owner Org", country = "CA" });
        using var member = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, id));
        using var outsider = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, Guid.NewGuid()));

        var activity = await member.PostCreatedAsync($"{Organizations}/{id}/activities", new { title = "Roundtable on early warning", startsOn = "2026-01-10", endsOn = "2026-01-11" });
        var activityId = activity.GetProperty("id").GetGuid();
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Organizations}/{id}/activities/{activityId}") { Content = Json("""{"title":"Renamed"}""") };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"7\""));
        using var staleResponse = await member.SendAsync(stale, Ct);
        using var replaced = await member.PutAsync($"{Organizations}/{id}/activities/{activityId}", Json("""{"title":"Roundtable on early warning (2nd)"}"""), Ct);
        using var foreign = await outsider.PostAsync($"{Organizations}/{id}/activities", Json("""{"title":"Not ours to add"}"""), Ct);
        using var badDates = await member.PostAsync($"{Organizations}/{id}/activities", Json("""{"title":"Backwards","startsOn":"2026-02-01","endsOn":"2026-01-01"}"""), Ct);
        using var badSituation = await member.PostAsync($"{Organizations}/{id}/activities", Json("""{"title":"Nowhere","situations":["atlantis"]}"""), Ct);

        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("\"2\"", replaced.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        await AssertProblemNamingAsync(badDates, HttpStatusCode.BadRequest, "endsOn");
        await AssertProblemNamingAsync(badSituation, HttpStatusCode.BadRequest, "situations[0]");

        using (var removed = await member.DeleteAsync($"{Organizations}/{id}/activities/{activityId}", Ct))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var again = await member.DeleteAsync($"{Organizations}/{id}/activities/{activityId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(0, (await Secretariat.GetJsonAsync($"{Organizations}/{id}/activities")).GetProperty("count").GetInt32());
    }
}
