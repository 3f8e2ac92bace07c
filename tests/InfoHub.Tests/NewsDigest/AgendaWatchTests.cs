using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfoHub.Tests.Identity;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The agenda watch: its own hub, so that the situations it lists are this test's.</summary>
public sealed class AgendaWatchTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private const string Watch = "/api/news/agenda-watch";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Situations_the_Council_left_aside_are_listed_longest_neglected_first_and_those_coming_up_apart()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        await secretariat.EnsureSituationsAsync("watch-never", "watch-older", "watch-old", "watch-recent", "watch-soon");
        var now = DateTimeOffset.UtcNow;
        await ScheduleAsync(secretariat, "watch-older", now.AddDays(-100));
        await ScheduleAsync(secretariat, "watch-old", now.AddDays(-40));
        var cancelled = await ScheduleAsync(secretariat, "watch-old", now.AddDays(-2));
        await DigestApi.SendAsync(secretariat, HttpMethod.Post, $"/api/news/programme/meetings/{cancelled}/cancel", new JsonObject(), HttpStatusCode.OK);
        await ScheduleAsync(secretariat, "watch-recent", now.AddDays(-5));
        await ScheduleAsync(secretariat, "watch-soon", now.AddDays(10));

        var report = await secretariat.GetFromJsonAsync<JsonElement>($"{Watch}?days=30", Ct);

        Assert.Equal(30, report.GetProperty("days").GetInt32());
        var neglected = report.GetProperty("neglected").EnumerateArray().ToList();
        Assert.Equal(["watch-never", "watch-older", "watch-old"], neglected.Select(e => e.GetProperty("situationId").GetString()));
        Assert.Equal("Situation watch-never", neglected[0].GetProperty("name").GetString());
        Assert.False(neglected[0].TryGetProperty("lastMeeting", out _));
        // The cancelled meeting two days ago does not count: the last one is 40 days back.
        Assert.Equal(40, neglected[2].GetProperty("daysSince").GetInt32());
        Assert.Equal("briefing", neglected[2].GetProperty("lastMeeting").GetProperty("format").GetString());
        var soon = Assert.Single(report.GetProperty("comingUp").EnumerateArray());
        Assert.Equal("watch-soon", soon.GetProperty("situationId").GetString());
        Assert.True(soon.GetProperty("nextMeeting").GetProperty("startsAt").GetDateTimeOffset() > now);

        // Over a shorter window the 40-day-old meeting is neglect too; over a longer one, it is not.
        var longer = await secretariat.GetFromJsonAsync<JsonElement>($"{Watch}?days=60", Ct);
        Assert.DoesNotContain(longer.GetProperty("neglected").EnumerateArray(), e => e.GetProperty("situationId").GetString() == "watch-old");
        var byDefault = await secretariat.GetFromJsonAsync<JsonElement>(Watch, Ct);
        Assert.Equal(90, byDefault.GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task Only_the_secretariat_may_watch_the_agenda()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var organization = await DigestApi.RegisterAsync(secretariat, "Agenda Watch Test Coalition");
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, organization));
        using var anonymous = hub.CreateClient();

        using var asMember = await member.GetAsync(Watch, Ct);
        using var asAnyone = await anonymous.GetAsync(Watch, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asAnyone.StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("731")]
    [InlineData("ninety")]
    public async Task A_window_out_of_range_is_a_400_naming_days(string days)
    {
        using var secretariat = await hub.SecretariatClientAsync();

        using var response = await secretariat.GetAsync($"{Watch}?days={days}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("days", out _), problem.ToString());
    }

    private static async Task<Guid> ScheduleAsync(HttpClient secretariat, string situation, DateTimeOffset at) =>
        (await DigestApi.SendAsync(secretariat, HttpMethod.Post, "/api/news/programme/meetings", new JsonObject
        {
            ["start"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'"), ["format"] = "briefing", ["situationId"] = situation,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
