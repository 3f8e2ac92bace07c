using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Directory;
using InfoHub.Tests.Identity;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The Council's programme of work: scheduled, moved and cancelled by the secretariat, read by anyone, in JSON and iCalendar.</summary>
public sealed class ProgrammeTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    private const string Programme = "/api/news/programme";

    private static object Meeting(string start, string? situation = "darfur", string? thematic = null, string format = "briefing", string[]? documents = null) =>
        new { start, durationMinutes = 120, format, situationId = situation, thematicItem = thematic, title = "Reports of the Secretary-General", documents = documents ?? [] };

    /// <summary>An instant <paramref name="days"/> from now, to the minute, with its offset (UTC).</summary>
    private static string FromNow(double days) =>
        DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>Schedules <paramref name="meeting"/>, once the news service knows the situations these tests name.</summary>
    private async Task<JsonElement> ScheduleAsync(object meeting)
    {
        await Secretariat.EnsureSituationsAsync("darfur", "upcoming-test", "another-situation");
        return await Secretariat.PostCreatedAsync($"{Programme}/meetings", meeting);
    }

    private async Task<JsonElement> PutAsync(Guid id, object meeting, string? ifMatch, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Programme}/meetings/{id}") { Content = Json(JsonSerializer.Serialize(meeting)) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        using var response = await Secretariat.SendAsync(request, Ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {json}");
        return json;
    }

    private async Task<JsonElement> CancelAsync(Guid id)
    {
        using var response = await Secretariat.PostAsync($"{Programme}/meetings/{id}/cancel", null, Ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json;
    }

    private IEnumerable<(string Type, string Payload)> Events(Guid meeting) =>
        PositionVisibilityTests.OutboxPayloads(Hub, "CouncilMeeting", "news-digest").Where(e => e.Payload.Contains(meeting.ToString()));

    [Fact]
    public async Task A_meeting_is_scheduled_moved_and_cancelled_keeping_its_id_with_an_event_for_each_step()
    {
        var scheduled = await ScheduleAsync(Meeting("2026-12-03T10:00", documents: ["s/2026/123", "S/RES/1593(2005)"]));
        var id = scheduled.GetProperty("id").GetGuid();
        Assert.Equal(["S/2026/123", "S/RES/1593 (2005)"], scheduled.GetProperty("documents").EnumerateArray().Select(d => d.GetString()!));
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());

        var moved = await PutAsync(id, Meeting("2026-12-04T15:00", format: "consultations"), "\"1\"", HttpStatusCode.OK);
        await PutAsync(id, Meeting("2026-12-05T15:00"), "\"1\"", HttpStatusCode.PreconditionFailed);
        var cancelled = await CancelAsync(id);

        Assert.Equal(id, moved.GetProperty("id").GetGuid());
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T20:00:00Z", CultureInfo.InvariantCulture), moved.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(3, cancelled.GetProperty("version").GetInt64());
        using (var read = await Hub.CreateClient().GetAsync($"{Programme}/meetings/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("\"3\"", read.Headers.ETag?.Tag);
            Assert.Equal("cancelled", (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        }
        var events = Events(id).ToList();
        Assert.Equal(["CouncilMeetingScheduled", "CouncilMeetingChanged", "CouncilMeetingCancelled"],
            events.Select(e => e.Type.Split(',')[0].Split('.')[^1]));
        var changed = JsonDocument.Parse(events[1].Payload).RootElement;
        Assert.Equal("consultations", changed.GetProperty("format").GetString());
        Assert.Equal(2, changed.GetProperty("version").GetInt64());
        Assert.Equal("darfur", changed.GetProperty("situationId").GetString());
        var audit = await Secretariat.GetJsonAsync($"/api/news/audit?subject=meeting/{id}");
        Assert.Equal(3, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_month_view_lists_its_meetings_in_time_order_with_the_president_and_members()
    {
        var later = (await ScheduleAsync(Meeting("2026-07-21T15:00", situation: null, thematic: "Women and peace and security", format: "open-debate"))).GetProperty("id").GetGuid();
        var earlier = (await ScheduleAsync(Meeting("2026-07-02T10:00"))).GetProperty("id").GetGuid();

        var month = await Hub.CreateClient().GetJsonAsync($"{Programme}/months/2026-07");

        Assert.Equal("CD", month.GetProperty("president").GetProperty("country").GetString());
        Assert.Equal(15, month.GetProperty("members").GetArrayLength());
        var ids = month.GetProperty("meetings").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Where(i => i == later || i == earlier);
        Assert.Equal([earlier, later], ids);
    }

    [Theory]
    [InlineData("2026-03-06T10:00", "2026-03-06T15:00:00Z", "-05:00")]
    [InlineData("2026-03-09T10:00", "2026-03-09T14:00:00Z", "-04:00")]
    [InlineData("2026-11-02T10:00", "2026-11-02T15:00:00Z", "-05:00")]
    [InlineData("2026-03-09T14:00Z", "2026-03-09T14:00:00Z", "-04:00")]
    public async Task New_York_time_is_served_beside_UTC_on_either_side_of_a_clock_change(string start, string utc, string offset)
    {
        var meeting = await ScheduleAsync(Meeting(start));

        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), meeting.GetProperty("startsAt").GetDateTimeOffset());
        Assert.EndsWith(offset, meeting.GetProperty("startsAtLocal").GetString());
        Assert.Equal("America/New_York", meeting.GetProperty("timeZone").GetString());
    }

    [Theory]
    [InlineData("""{"start":"2026-03-08T02:30","format":"briefing","situationId":"darfur"}""", "start")]
    [InlineData("""{"start":"2026-11-01T01:30","format":"briefing","situationId":"darfur"}""", "start")]
    [InlineData("""{"start":"next Tuesday","format":"briefing","situationId":"darfur"}""", "start")]
    [InlineData("""{"format":"briefing","situationId":"darfur"}""", "start")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"lecture","situationId":"darfur"}""", "format")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing","situationId":"darfur","thematicItem":"Protection of civilians"}""", "thematicItem")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing"}""", "situationId")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing","situationId":"Darfur region"}""", "situationId")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing","situationId":"atlantis"}""", "situationId")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing","situationId":"darfur","documents":["S/2026/1","S/RES/99999"]}""", "documents[1]")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing","situationId":"darfur","durationMinutes":"two hours"}""", "durationMinutes")]
    [InlineData("""{"start":"2026-12-03T10:00","format":"briefing","situationId":"darfur","venue":"Trusteeship Council Chamber"}""", "venue")]
    public async Task An_invalid_meeting_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        int Scheduled() => PositionVisibilityTests.OutboxPayloads(Hub, "CouncilMeetingScheduled", "news-digest").Count();
        var before = Scheduled();

        using var response = await Secretariat.PostAsync($"{Programme}/meetings", Json(body), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, Scheduled());
    }

    [Theory]
    [InlineData("/months/2026-13", "month")]
    [InlineData("/months/December", "month")]
    [InlineData("/upcoming?days=0", "days")]
    [InlineData("/upcoming?days=91", "days")]
    [InlineData("/upcoming?days=two", "days")]
    [InlineData("/upcoming?situation=Darfur!", "situation")]
    [InlineData("/upcoming?day=3", "day")]
    [InlineData("/calendar.ics?situation=..", "situation")]
    public async Task A_question_the_programme_cannot_answer_is_a_400_naming_the_parameter(string path, string field)
    {
        using var response = await Hub.CreateClient().GetAsync(Programme + path, Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Upcoming_lists_the_meetings_of_the_coming_days_in_time_order()
    {
        var soon = (await ScheduleAsync(Meeting(FromNow(3), situation: "upcoming-test"))).GetProperty("id").GetGuid();
        var sooner = (await ScheduleAsync(Meeting(FromNow(1), situation: "upcoming-test"))).GetProperty("id").GetGuid();
        var later = (await ScheduleAsync(Meeting(FromNow(20), situation: "upcoming-test"))).GetProperty("id").GetGuid();
        var past = (await ScheduleAsync(Meeting(FromNow(-1), situation: "upcoming-test"))).GetProperty("id").GetGuid();
        var elsewhere = (await ScheduleAsync(Meeting(FromNow(2), situation: "another-situation"))).GetProperty("id").GetGuid();
        using var anonymous = Hub.CreateClient();

        async Task<Guid[]> Upcoming(string query) => (await anonymous.GetJsonAsync($"{Programme}/upcoming{query}")).GetProperty("meetings")
            .EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Where(new[] { soon, sooner, later, past, elsewhere }.Contains).ToArray();

        Assert.Equal([sooner, elsewhere, soon], await Upcoming(""));
        Assert.Equal([sooner, soon], await Upcoming("?situation=upcoming-test"));
        Assert.Equal([sooner, soon, later], await Upcoming("?days=30&situation=upcoming-test"));
    }

    [Fact]
    public async Task The_calendar_keeps_a_moved_meetings_UID_raises_its_SEQUENCE_and_marks_a_cancelled_one()
    {
        // A calendar app shows the situation's name, as the directory gives it, not its id.
        await Secretariat.EnsureSituationsAsync("calendar-test");
        var id = (await ScheduleAsync(Meeting(FromNow(5), situation: "calendar-test", documents: ["S/2026/77"]))).GetProperty("id").GetGuid();
        var other = (await ScheduleAsync(Meeting(FromNow(6), situation: "calendar-test"))).GetProperty("id").GetGuid();
        using var anonymous = Hub.CreateClient();

        async Task<(Ical.Net.CalendarComponents.CalendarEvent Event, int Count, string? ETag)> ReadAsync(Guid meeting)
        {
            using var response = await anonymous.GetAsync($"{Programme}/calendar.ics?situation=calendar-test", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync(Ct))!;
            var events = calendar.Events.Where(e => e.Uid == $"{meeting}@infohub").ToList();
            return (Assert.Single(events), calendar.Events.Count, response.Headers.ETag?.Tag);
        }

        var (first, count, etag) = await ReadAsync(id);
        Assert.Equal(0, first.Sequence);
        Assert.Contains("S/2026/77", first.Description);
        Assert.StartsWith("Briefing: Situation calendar-test", first.Summary);
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{Programme}/calendar.ics?situation=calendar-test"))
        {
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag!));
            using var unchanged = await anonymous.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        var newStart = DateTimeOffset.UtcNow.AddDays(7);
        await PutAsync(id, Meeting(newStart.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture), situation: "calendar-test"), null, HttpStatusCode.OK);
        var (movedEvent, countAfterMove, etagAfterMove) = await ReadAsync(id);
        Assert.Equal(1, movedEvent.Sequence);
        Assert.Equal(count, countAfterMove);
        Assert.NotEqual(etag, etagAfterMove);
        Assert.Equal(newStart.UtcDateTime.Date, movedEvent.DtStart!.AsUtc.Date);

        await CancelAsync(other);
        var (cancelled, _, _) = await ReadAsync(other);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Equal(1, cancelled.Sequence);
    }

    [Fact]
    public async Task Only_the_secretariat_writes_the_programme()
    {
        var id = (await ScheduleAsync(Meeting("2026-12-10T10:00"))).GetProperty("id").GetGuid();
        using var member = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, Guid.NewGuid()));
        using var anonymous = Hub.CreateClient();
        var body = JsonSerializer.Serialize(Meeting("2026-12-11T10:00"));

        foreach (var (client, status) in new[] { (member, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using (var post = await client.PostAsync($"{Programme}/meetings", Json(body), Ct)) Assert.Equal(status, post.StatusCode);
            using (var put = await client.PutAsync($"{Programme}/meetings/{id}", Json(body), Ct)) Assert.Equal(status, put.StatusCode);
            using (var cancel = await client.PostAsync($"{Programme}/meetings/{id}/cancel", null, Ct)) Assert.Equal(status, cancel.StatusCode);
        }
        var unchanged = await anonymous.GetJsonAsync($"{Programme}/meetings/{id}");
        Assert.Equal(1, unchanged.GetProperty("version").GetInt64());
    }
}
