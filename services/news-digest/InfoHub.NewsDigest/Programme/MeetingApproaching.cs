using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;
using Microsoft.Extensions.Options;

namespace InfoHub.NewsDigest.Programme;

/// <summary><c>NewsDigest:MeetingApproachingLeadTime</c> and <c>NewsDigest:MeetingApproachingPollInterval</c>.</summary>
public sealed class MeetingApproachingOptions
{
    public const string Section = "NewsDigest";

    /// <summary>How long before a meeting on a situation <see cref="CouncilMeetingApproaching"/> is published.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "NewsDigest:MeetingApproachingLeadTime must be between 5 minutes and 30 days, e.g. 2.00:00:00 for 48 hours.")]
    public TimeSpan MeetingApproachingLeadTime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often the programme is looked at for meetings coming within the lead time.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "NewsDigest:MeetingApproachingPollInterval must be between 1 second and 1 hour.")]
    public TimeSpan MeetingApproachingPollInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Publishes <see cref="CouncilMeetingApproaching"/> once for each scheduled meeting on a situation when it comes within
/// the lead time. What was announced is an <c>announcements</c> document per meeting and start, inserted in the same
/// write as the event: a second instance, a restart or the next poll finds it and stays silent, while a moved meeting
/// (another start) is announced again.
/// </summary>
public sealed partial class MeetingApproaching(
    [FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store,
    MeetingStore meetings,
    IOptions<MeetingApproachingOptions> options,
    TimeProvider clock,
    ILogger<MeetingApproaching> logger) : BackgroundService
{
    public const string Collection = "meeting-announcements";

    private sealed record Announcement(Guid MeetingId, DateTimeOffset StartsAt, long MeetingVersion, DateTimeOffset AnnouncedAt, Guid EventId);

    /// <summary>Announces every meeting now within the lead time and not yet announced for its start; how many it announced.</summary>
    public async Task<int> AnnounceDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lead = options.Value.MeetingApproachingLeadTime;
        var due = (await meetings.InMonthsAsync(NewYorkTime.MonthsBetween(now, now + lead), situation: null, ct))
            .Where(m => m.Status == MeetingStatus.Scheduled && m.SituationId is not null && m.StartsAt > now && m.StartsAt <= now + lead);
        var announced = 0;
        foreach (var meeting in due)
        {
            var id = Key(meeting);
            if (await store.GetAsync(Collection, id, ct) is not null) continue;
            var eventId = Guid.NewGuid();
            var record = new Announcement(meeting.Id, meeting.StartsAt, meeting.Version, now, eventId);
            try
            {
                await store.SaveAsync(new DocumentChange(Collection, id, 1, JsonSerializer.Serialize(record, JsonSerializerOptions.Web), now),
                    [OutboxMessages.Create(meeting.State<CouncilMeetingApproaching>(eventId, lead), eventId, now)], ct);
                announced++;
            }
            catch (ConcurrencyConflictException)
            {
                // Another instance announced it between the read and this write.
            }
        }
        return announced;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MeetingApproachingPollInterval, clock);
        do
        {
            try
            {
                var announced = await AnnounceDueAsync(stoppingToken);
                if (announced > 0) LogAnnounced(announced);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One announcement per meeting and start: "{id}@2026-12-03T15:00:00Z".</summary>
    private static string Key(Meeting meeting) =>
        MeetingStore.Key(meeting.Id) + "@" + meeting.StartsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Announced {Count} Council meetings coming within the lead time")]
    private partial void LogAnnounced(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for Council meetings coming within the lead time; trying again at the next poll")]
    private partial void LogFailed(Exception exception);
}
