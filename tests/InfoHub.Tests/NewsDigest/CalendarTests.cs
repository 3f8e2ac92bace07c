using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ical.Net.CalendarComponents;
using InfoHub.Tests.Identity;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The calendar of events and opportunities: its own hub, so that what it lists is this test's.</summary>
public sealed class CalendarTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private const string Calendar = "/api/news/calendar";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static JsonObject Roundtable(DateOnly day, string title = "Network roundtable on early warning") => new()
    {
        ["kind"] = "roundtable", ["title"] = title, ["description"] = "Members compare notes.",
        ["start"] = $"{day:yyyy-MM-dd}T14:00+01:00", ["end"] = $"{day:yyyy-MM-dd}T16:00+01:00", ["location"] = "Online",
        ["link"] = "https://example.org/roundtable", ["situations"] = new JsonArray("darfur"), ["themes"] = new JsonArray("prevention"),
        ["organizer"] = "The secretariat", ["translations"] = new JsonObject { ["fr"] = new JsonObject { ["title"] = "Table ronde du réseau" } },
    };

    [Fact]
    public async Task An_event_is_scheduled_changed_and_cancelled_each_with_its_event_and_the_calendar_keeps_its_UID()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("darfur");
        using var anonymous = hub.CreateClient();

        var scheduled = await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Calendar}/events", Roundtable(Today.AddDays(5)), HttpStatusCode.Created);
        var id = scheduled.GetProperty("id").GetGuid();
        Assert.False(scheduled.GetProperty("allDay").GetBoolean());
        Assert.Equal(new DateTimeOffset(Today.AddDays(5).ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero), scheduled.GetProperty("startsAt").GetDateTimeOffset());
        await DigestApi.SendAsync(secretariat, HttpMethod.Put, $"{Calendar}/events/{id}", Roundtable(Today.AddDays(6)), HttpStatusCode.PreconditionFailed, ifMatch: "\"7\"");
        var changed = await DigestApi.SendAsync(secretariat, HttpMethod.Put, $"{Calendar}/events/{id}", Roundtable(Today.AddDays(6)), HttpStatusCode.OK, ifMatch: "\"1\"");
        Assert.Equal(2, changed.GetProperty("version").GetInt64());

        var ics = await anonymous.GetStringAsync($"{Calendar}.ics", Ct);
        var entry = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events, e => e.Uid == $"{id}@infohub");
        Assert.Equal(1, entry.Sequence);
        Assert.Equal(new DateTime(Today.AddDays(6).ToDateTime(new TimeOnly(13, 0)).Ticks, DateTimeKind.Utc), entry.DtStart!.AsUtc);

        var cancelled = await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Calendar}/events/{id}/cancel", new JsonObject(), HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var read = await anonymous.GetFromJsonAsync<JsonElement>($"{Calendar}/events/{id}", Ct);
        Assert.Equal(3, read.GetProperty("version").GetInt64());
        var afterCancel = Assert.Single(Ical.Net.Calendar.Load(await anonymous.GetStringAsync($"{Calendar}.ics", Ct))!.Events, e => e.Uid == $"{id}@infohub");
        Assert.Equal("CANCELLED", afterCancel.Status);
        Assert.Equal(2, afterCancel.Sequence);

        foreach (var type in new[] { "CalendarEventScheduled", "CalendarEventChanged", "CalendarEventCancelled" })
            Assert.Single(DigestApi.Outbox(hub, type), p => p.Contains(id.ToString()));
        var audit = await secretariat.GetFromJsonAsync<JsonElement>($"/api/news/audit?subject=calendar-event/{id}", Ct);
        Assert.Equal(3, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_calendar_merges_events_and_Council_meetings_in_date_order_and_filters_them()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("darfur");
        using var anonymous = hub.CreateClient();
        var from = Today.AddDays(200);
        var meeting = await DigestApi.ScheduleAsync(secretariat, from.AddDays(2), "darfur");
        var roundtable = (await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Calendar}/events", Roundtable(from.AddDays(3)), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var unDay = (await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Calendar}/events", new JsonObject
        {
            ["kind"] = "un-day", ["title"] = "Human Rights Day", ["start"] = $"{from.AddDays(1):yyyy-MM-dd}", ["themes"] = new JsonArray("human-rights"),
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        async Task<List<Guid>> ListAsync(string query) =>
            [.. (await anonymous.GetFromJsonAsync<JsonElement>($"{Calendar}?from={from:yyyy-MM-dd}&to={from.AddDays(10):yyyy-MM-dd}{query}", Ct))
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

        Assert.Equal([unDay, meeting, roundtable], await ListAsync(""));
        Assert.Equal([meeting], await ListAsync("&kind=council-meeting"));
        Assert.Equal([meeting, roundtable], await ListAsync("&situation=darfur"));
        Assert.Equal([unDay], await ListAsync("&theme=human-rights"));
        Assert.Equal([roundtable], await ListAsync("&kind=roundtable"));
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"{Calendar}?from={from:yyyy-MM-dd}&to={from.AddDays(10):yyyy-MM-dd}", Ct);
        Assert.Equal("council-meeting", page.GetProperty("items")[1].GetProperty("kind").GetString());
        Assert.Equal($"/api/news/programme/meetings/{meeting}", page.GetProperty("items")[1].GetProperty("href").GetString());

        // The all-day UN day is a DATE in the iCalendar; the meeting is there too, with its own UID.
        var events = Ical.Net.Calendar.Load(await anonymous.GetStringAsync($"{Calendar}.ics", Ct))!.Events;
        var day = Assert.Single(events, e => e.Uid == $"{unDay}@infohub");
        Assert.False(day.DtStart!.HasTime);
        Assert.Equal(from.AddDays(1), DateOnly.FromDateTime(day.DtStart.Value));
        Assert.Single(events, e => e.Uid == $"{meeting}@infohub");
    }

    [Fact]
    public async Task A_digest_drafted_over_a_period_lists_the_calendar_events_coming_up_after_it()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("darfur");
        var to = Today;
        var coming = (await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Calendar}/events", Roundtable(to.AddDays(3), "Roundtable in the agenda window"), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"{Calendar}/events", Roundtable(to.AddDays(40), "Roundtable beyond the window"), HttpStatusCode.Created);

        var draft = await DigestApi.DraftAsync(secretariat, to.AddDays(-6), to);

        var calendar = draft.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("section").GetString() == "calendar").ToList();
        Assert.DoesNotContain(calendar, i => i.GetProperty("headline").GetString() == "Roundtable beyond the window");
        var item = Assert.Single(calendar, i => i.GetProperty("headline").GetString() == "Roundtable in the agenda window");
        Assert.Equal(coming.ToString(), item.GetProperty("source").GetProperty("id").GetString());
        Assert.Equal("Roundtable in the agenda window", item.GetProperty("headline").GetString());
        Assert.Equal("Table ronde du réseau", item.GetProperty("translations").GetProperty("fr").GetProperty("headline").GetString());
    }

    [Theory]
    [InlineData("kind", "holiday")]
    [InlineData("title", "")]
    [InlineData("start", "2026-12-10T14:00")]
    [InlineData("start", "tomorrow")]
    [InlineData("end", "1999-01-01T10:00Z")]
    [InlineData("link", "javascript:alert(1)")]
    [InlineData("language", "English")]
    public async Task A_bad_event_is_a_400_naming_the_field_and_nothing_is_stored(string field, string value)
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var title = $"Refused {Guid.NewGuid():N}";
        var body = Roundtable(Today.AddDays(5), title);
        body[field] = value;

        using var response = await secretariat.PostAsync($"{Calendar}/events", body.Content(), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain(title, await secretariat.GetStringAsync($"{Calendar}.ics", Ct));
    }

    [Theory]
    [InlineData("?from=2026-02-30", "from")]
    [InlineData("?from=2026-01-10&to=2026-01-01", "to")]
    [InlineData("?from=2026-01-01&to=2027-06-01", "to")]
    [InlineData("?kind=party", "kind")]
    [InlineData("?situation=Darfur!", "situation")]
    [InlineData("?theme=Prevention%20Now", "theme")]
    public async Task A_bad_calendar_query_is_a_400_naming_the_field(string query, string field)
    {
        using var anonymous = hub.CreateClient();

        using var response = await anonymous.GetAsync(Calendar + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_event_on_a_situation_the_directory_has_not_defined_is_a_400_naming_it_and_nothing_is_stored()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("darfur");
        var title = $"Refused {Guid.NewGuid():N}";
        var body = Roundtable(Today.AddDays(5), title);
        body["situations"] = new JsonArray("darfur", "atlantis");

        using var response = await secretariat.PostAsync($"{Calendar}/events", body.Content(), Ct);

        await InfoHub.Tests.Directory.DirectoryApi.AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "situations[1]");
        Assert.DoesNotContain(title, await secretariat.GetStringAsync($"{Calendar}.ics", Ct));
    }

    [Fact]
    public async Task Only_the_secretariat_writes_the_calendar()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var organization = await DigestApi.RegisterAsync(secretariat, "Calendar Test Coalition");
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, organization));

        using var response = await member.PostAsync($"{Calendar}/events", Roundtable(Today.AddDays(5)).Content(), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

/// <summary>The embedded default's demo calendar: the next real UN days and a few invented network events, marked, seeded once.</summary>
public sealed class DemoCalendarTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JsonElement>> EventsAsync(EmbeddedHub hub)
    {
        using var client = hub.CreateClient();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/news/calendar?from={today:yyyy-MM-dd}&to={today.AddDays(366):yyyy-MM-dd}", Ct);
        return [.. page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() != "council-meeting")];
    }

    [Fact]
    public async Task The_demo_calendar_holds_the_next_UN_days_and_marked_network_events_and_is_seeded_once()
    {
        var data = System.IO.Directory.CreateTempSubdirectory("infohub-demo-calendar-").FullName;
        List<JsonElement> seeded;
        await using (var first = new EmbeddedHub { DemoData = true, DataDirectory = data, KeepData = true }) seeded = await EventsAsync(first);
        await using var second = new EmbeddedHub { DemoData = true, DataDirectory = data };
        var again = await EventsAsync(second);

        Assert.Equal(9, seeded.Count);
        Assert.Equal(seeded.Count, again.Count);
        Assert.All(seeded, e =>
        {
            Assert.True(e.GetProperty("demo").GetBoolean());
            Assert.StartsWith("[Demo data]", e.GetProperty("description").GetString());
        });
        var humanRightsDay = Assert.Single(seeded, e => e.GetProperty("title").GetString() == "Human Rights Day");
        Assert.True(humanRightsDay.GetProperty("allDay").GetBoolean());
        Assert.Equal("12-10", humanRightsDay.GetProperty("date").GetString()![5..]);
        Assert.Equal(6, seeded.Count(e => e.GetProperty("kind").GetString() == "un-day"));
    }
}
