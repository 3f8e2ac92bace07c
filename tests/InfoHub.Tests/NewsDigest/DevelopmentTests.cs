using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfoHub.Contracts.NewsDigest;
using InfoHub.Tests.Directory;
using InfoHub.Tests.Identity;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;
using static InfoHub.Tests.NewsDigest.NewsApi;

namespace InfoHub.Tests.NewsDigest;

public sealed class DevelopmentTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    [Fact]
    public async Task A_published_development_is_found_by_its_filters_and_an_edit_keeps_its_id_with_both_changes_on_the_bus()
    {
        await Secretariat.EnsureSituationsAsync("darfur", "drc");
        var events = new ConcurrentQueue<DevelopmentState>();
        var observer = Hub.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint($"test-developments-{Guid.NewGuid():N}", e =>
        {
            e.Handler<DevelopmentPublished>(c => Record(c.Message));
            e.Handler<DevelopmentUpdated>(c => Record(c.Message));
        });
        await observer.Ready;
        var theme = UniqueTheme();

        using var created = await Secretariat.PostAsync(Developments, Body(theme).Content(), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var development = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = development.GetProperty("id").GetGuid();
        Assert.Equal($"{Developments}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("S/RES/1591 (2005)", development.GetProperty("documents")[0].GetString());
        Assert.Contains("<strong>humanitarian access</strong>", development.GetProperty("bodyHtml").GetString());

        var edit = Body(theme, "Council briefing on Darfur and the Congo");
        edit["situations"] = new JsonArray("darfur", "drc");
        edit["translations"] = new JsonObject { ["fr"] = new JsonObject { ["headline"] = "Exposé au Conseil sur le Darfour", ["summary"] = "Les membres ont entendu un exposé." } };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Developments}/{id}") { Content = edit.Content() };
        request.Headers.IfMatch.ParseAdd("\"1\"");
        using var updated = await Secretariat.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var read = await Secretariat.GetJsonAsync($"{Developments}/{id}");
        Assert.Equal(2, read.GetProperty("version").GetInt64());
        Assert.Equal(development.GetProperty("createdAt").GetDateTimeOffset(), read.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("Exposé au Conseil sur le Darfour", read.GetProperty("translations").GetProperty("fr").GetProperty("headline").GetString());
        foreach (var query in new[] { "situation=drc", "organ=security-council", "language=fr", "q=congo", "from=2026-02-01&to=2026-02-28", "to=2026-02-12" })
        {
            var page = await Secretariat.GetJsonAsync($"{Developments}?theme={theme}&{query}");
            Assert.True(page.GetProperty("total").GetInt32() == 1, $"{query}: {page}");
        }
        foreach (var query in new[] { "situation=burundi", "organ=general-assembly", "language=es", "from=2026-02-13", "to=2025-12-31" })
            Assert.Equal(0, (await Secretariat.GetJsonAsync($"{Developments}?theme={theme}&{query}")).GetProperty("total").GetInt32());
        var facets = (await Secretariat.GetJsonAsync($"{Developments}?theme={theme}")).GetProperty("facets");
        Assert.Equal(1, facets.GetProperty("situation").GetProperty("drc").GetInt32());
        Assert.Equal(1, facets.GetProperty("organ").GetProperty("security-council").GetInt32());

        Assert.True(await EventuallyAsync(() => Task.FromResult(events.Any(e => e.DevelopmentId == id && e is DevelopmentUpdated { Version: 2 })), TimeSpan.FromSeconds(10)));
        var published = Assert.IsType<DevelopmentPublished>(events.First(e => e.DevelopmentId == id && e.Version == 1));
        Assert.Equal(["darfur"], published.Situations);
        Assert.Equal(["darfur", "drc"], events.OfType<DevelopmentUpdated>().First(e => e.DevelopmentId == id).Situations);
        await observer.StopAsync(Ct);

        Task Record(DevelopmentState e)
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_list_is_newest_first_by_the_day_it_happened_not_by_when_it_was_written()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        foreach (var (headline, date) in new[] { ("Middle of the month", "2026-03-15"), ("Start of the month", "2026-03-01"), ("End of the month", "2026-03-31") })
        {
            var body = Body(theme, headline);
            body["date"] = date;
            await Secretariat.PublishAsync(body);
        }

        var page = await Secretariat.GetJsonAsync($"{Developments}?theme={theme}&limit=2");
        var next = await Secretariat.GetJsonAsync($"{Developments}?theme={theme}&limit=2&cursor={page.GetProperty("next").GetString()}");

        Assert.Equal(["End of the month", "Middle of the month", "Start of the month"],
            page.GetProperty("items").EnumerateArray().Concat(next.GetProperty("items").EnumerateArray()).Select(d => d.GetProperty("headline").GetString()));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"situations":["atlantis"]}""", "situations[0]" },
        { """{"situations":["darfur", ""]}""", "situations[1]" },
        { """{"organ":"security-counsel"}""", "organ" },
        { """{"date":"2026-02-30"}""", "date" },
        { """{"date":"12/02/2026"}""", "date" },
        { """{"date":"2099-01-01"}""", "date" },
        { """{"link":"javascript:alert(1)"}""", "link" },
        { """{"link":"/relative/path"}""", "link" },
        { """{"documents":["S/2026/123", "S/RES/1674"]}""", "documents[1]" },
        { """{"themes":["Protection Of Civilians"]}""", "themes[0]" },
        { """{"language":"english"}""", "language" },
        { """{"translations":{"en":{"headline":"Same language","summary":"The development's own language."}}}""", "translations.en" },
        { """{"translations":{"fr":{"headline":"Sans résumé"}}}""", "translations.fr.summary" },
        { """{"headline":""}""", "headline" },
        { """{"headlin":"A typing slip"}""", "headlin" },
        { """{"situations":"darfur"}""", "situations" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_development_with_a_bad_field_is_refused_naming_it_and_nothing_is_stored(string change, string field)
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        var body = Body(theme);
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject()) body[name] = value?.DeepClone();

        using var response = await Secretariat.PostAsync(Developments, body.Content(), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await Secretariat.GetJsonAsync($"{Developments}?theme={theme}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_field_given_twice_is_refused_naming_it()
    {
        var theme = UniqueTheme();
        var body = Body(theme).ToJsonString();
        var twice = body.Insert(1, "\"headline\":\"The first of two headlines\",");

        using var response = await Secretariat.PostAsync(Developments, Json(twice), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "headline");
        Assert.Equal(0, (await Secretariat.GetJsonAsync($"{Developments}?theme={theme}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("organ=security-counsel", "organ")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=2026-03-02&to=2026-03-01", "from")]
    [InlineData("language=english", "language")]
    [InlineData("situation=Not%20an%20id", "situation")]
    [InlineData("cursor=bogus", "cursor")]
    public async Task A_bad_filter_is_refused_naming_it(string query, string field)
    {
        using var response = await Secretariat.GetAsync($"{Developments}?{query}", Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_edit_of_a_version_that_changed_since_it_was_read_gets_412_and_changes_nothing()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        var id = (await Secretariat.PublishAsync(Body(theme))).GetProperty("id").GetGuid();

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Developments}/{id}") { Content = Body(theme, "A stale edit of the headline").Content() };
        request.Headers.IfMatch.ParseAdd("\"7\"");
        using var response = await Secretariat.SendAsync(request, Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.PreconditionFailed, "If-Match");
        var read = await Secretariat.GetJsonAsync($"{Developments}/{id}");
        Assert.Equal((1, "Council briefing on Darfur"), (read.GetProperty("version").GetInt64(), read.GetProperty("headline").GetString()));
    }

    [Fact]
    public async Task Only_the_secretariat_writes_developments_and_anyone_reads_them()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        var id = (await Secretariat.PublishAsync(Body(theme))).GetProperty("id").GetGuid();
        var organization = await Secretariat.RegisterAsync(new { name = "Developments Test Organization", country = "KE" });
        using var member = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, organization));
        using var anonymous = Hub.CreateClient();

        using var byMember = await member.PostAsync(Developments, Body(theme).Content(), Ct);
        using var memberEdit = await member.PutAsync($"{Developments}/{id}", Body(theme, "Edited by a member").Content(), Ct);
        using var byAnonymous = await anonymous.PostAsync(Developments, Body(theme).Content(), Ct);
        using var read = await anonymous.GetAsync($"{Developments}/{id}", Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (byMember.StatusCode, memberEdit.StatusCode, byAnonymous.StatusCode, read.StatusCode));
        Assert.Equal(1, (await anonymous.GetFromJsonAsync<JsonElement>($"{Developments}?theme={theme}", Ct)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Each_write_leaves_an_audit_entry_with_its_changes()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        var id = (await Secretariat.PublishAsync(Body(theme))).GetProperty("id").GetGuid();
        using var edited = await Secretariat.PutAsync($"{Developments}/{id}", Body(theme, "Council briefing on Darfur, corrected").Content(), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var entries = (await Secretariat.GetJsonAsync($"/api/news/audit?subject=development/{id}")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(["development.updated", "development.published"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Contains(entries[0].GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "headline");
    }

    [Fact]
    public async Task An_unknown_development_is_404()
    {
        using var anonymous = Hub.CreateClient();

        using var response = await anonymous.GetAsync($"{Developments}/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_late_older_situation_event_does_not_undo_a_newer_name()
    {
        var bus = Hub.Services.GetRequiredService<IBus>();
        var id = $"test-{Guid.NewGuid():N}"[..20];
        InfoHub.Contracts.Directory.SituationUpdated Version(long v) => new()
        {
            EventId = Guid.NewGuid(), SituationId = id, Version = v, OccurredAt = DateTimeOffset.UtcNow, Name = $"Situation v{v}",
        };

        await bus.Publish(Version(3), Ct);
        Assert.True(await EventuallyAsync(async () => await NameAsync() == "Situation v3", TimeSpan.FromSeconds(10)));
        await bus.Publish(Version(2), Ct);
        await Task.Delay(300, Ct); // let a straggler land

        Assert.Equal("Situation v3", await NameAsync());

        async Task<string?> NameAsync() => (await Secretariat.GetFromJsonAsync<JsonElement>("/api/news/situations", Ct)).EnumerateArray()
            .Where(s => s.GetProperty("id").GetString() == id).Select(s => s.GetProperty("name").GetString()).FirstOrDefault();
    }
}
