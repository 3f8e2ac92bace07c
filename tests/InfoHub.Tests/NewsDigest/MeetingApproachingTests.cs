using System.Globalization;
using InfoHub.NewsDigest.Programme;
using InfoHub.Platform.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InfoHub.Tests.NewsDigest;

/// <summary>
/// CouncilMeetingApproaching is published once per meeting and start, the lead time before a meeting on a situation:
/// not twice, not after a restart, and again when the meeting moves. Driven by a clock the test turns.
/// </summary>
public sealed class MeetingApproachingTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("infohub-approaching-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", CultureInfo.InvariantCulture));
    private SqliteDocumentStore _store = null!;
    private MeetingStore _meetings = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteDocumentStore("news-digest", Path.Combine(_directory, "news-digest.db"), _clock);
        await _store.InitializeAsync(Ct);
        _meetings = new MeetingStore(_store, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private MeetingApproaching Announcer() =>
        new(_store, _meetings, Options.Create(new MeetingApproachingOptions()), _clock, NullLogger<MeetingApproaching>.Instance);

    private ValidMeeting At(double hoursFromNow, string? situation = "darfur", string? thematic = null)
    {
        var input = new MeetingInput
        {
            Start = _clock.GetUtcNow().AddHours(hoursFromNow).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
            Format = "briefing", SituationId = situation, ThematicItem = thematic,
        };
        var (valid, errors) = input.Validate(_clock.GetUtcNow(), new HashSet<string> { "darfur" });
        Assert.False(errors.Any);
        return valid!;
    }

    private async Task<List<Guid>> AnnouncedAsync() =>
        (await _store.GetPendingAsync(100, null, Ct)).Where(p => p.Message.MessageType.Contains("CouncilMeetingApproaching"))
            .Select(p => System.Text.Json.JsonDocument.Parse(p.Message.Payload).RootElement.GetProperty("meetingId").GetGuid()).ToList();

    [Fact]
    public async Task A_meeting_on_a_situation_inside_the_lead_time_is_announced_once_and_one_outside_it_not_yet()
    {
        var inside = await _meetings.ScheduleAsync(At(24), Ct);
        var outside = await _meetings.ScheduleAsync(At(72), Ct);
        await _meetings.ScheduleAsync(At(24, situation: null, thematic: "Protection of civilians in armed conflict"), Ct);
        var cancelled = await _meetings.ScheduleAsync(At(30), Ct);
        await _meetings.CancelAsync(cancelled.Id, null, Ct);
        await _meetings.ScheduleAsync(At(-2), Ct);

        Assert.Equal(1, await Announcer().AnnounceDueAsync(Ct));
        Assert.Equal(0, await Announcer().AnnounceDueAsync(Ct)); // a second poll, or another instance after a restart
        Assert.Equal([inside.Id], await AnnouncedAsync());

        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, await Announcer().AnnounceDueAsync(Ct));
        Assert.Equal([inside.Id, outside.Id], await AnnouncedAsync());
        var payload = (await _store.GetPendingAsync(100, null, Ct)).Last(p => p.Message.MessageType.Contains("CouncilMeetingApproaching")).Message.Payload;
        Assert.Contains("\"leadTime\":\"2.00:00:00\"", payload);
    }

    [Fact]
    public async Task A_moved_meeting_is_announced_again_for_its_new_time()
    {
        var meeting = await _meetings.ScheduleAsync(At(24), Ct);
        Assert.Equal(1, await Announcer().AnnounceDueAsync(Ct));

        await _meetings.ChangeAsync(meeting.Id, At(30), null, Ct);
        Assert.Equal(1, await Announcer().AnnounceDueAsync(Ct));
        Assert.Equal(0, await Announcer().AnnounceDueAsync(Ct));

        Assert.Equal([meeting.Id, meeting.Id], await AnnouncedAsync());
    }
}
