using System.ComponentModel.DataAnnotations;
using InfoHub.NewsDigest.Programme;
using InfoHub.NewsDigest.Situations;

namespace InfoHub.NewsDigest.AgendaWatch;

public sealed class AgendaWatchOptions
{
    public const string Section = "NewsDigest";

    /// <summary>How many days without a Council meeting make a situation neglected, unless the caller asks otherwise.</summary>
    [Range(1, AgendaWatchEndpoints.MaxDays)]
    public int AgendaWatchDays { get; set; } = 90;
}

/// <summary>A Council meeting, as the agenda watch names it.</summary>
public sealed record MeetingMention(Guid Id, DateTimeOffset StartsAt, DateTimeOffset StartsAtLocal, string Format)
{
    public static MeetingMention? Of(Meeting? m) => m is null ? null : new(m.Id, m.StartsAt, m.StartsAtLocal, m.Format);
}

/// <param name="DaysSince">Whole days since <see cref="LastMeeting"/>; none when the Council has never met on the situation (as far as the hub knows).</param>
public sealed record AgendaWatchEntry(string SituationId, string Name, IReadOnlyDictionary<string, string> Names, MeetingMention? LastMeeting, int? DaysSince,
    MeetingMention? NextMeeting);

/// <summary>
/// The situations the Council has not met on (cancelled meetings do not count) since <see cref="Since"/>. Those with a
/// meeting scheduled in the next <see cref="Days"/> days are <see cref="ComingUp"/>, not <see cref="Neglected"/>: the
/// Council is taking them up again. Neglected ones come longest-neglected first (never met on before all).
/// </summary>
public sealed record AgendaWatchReport(int Days, DateTimeOffset AsOf, DateTimeOffset Since, IReadOnlyList<AgendaWatchEntry> Neglected, IReadOnlyList<AgendaWatchEntry> ComingUp);

/// <summary>Which of the network's situations (every one the directory defines) the Council has left aside.</summary>
public sealed class AgendaWatch(SituationReplicas situations, MeetingStore meetings, TimeProvider clock)
{
    public async Task<AgendaWatchReport> WatchAsync(int days, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now.AddDays(-days);
        var neglected = new List<AgendaWatchEntry>();
        var comingUp = new List<AgendaWatchEntry>();
        foreach (var situation in await situations.ListAsync(ct))
        {
            var (last, next) = await meetings.AroundAsync(situation.Id, now, ct);
            if (last is not null && last.StartsAt >= since) continue;
            var entry = new AgendaWatchEntry(situation.Id, situation.Name, situation.Names, MeetingMention.Of(last),
                last is null ? null : (int)(now - last.StartsAt).TotalDays, MeetingMention.Of(next));
            (next is not null && next.StartsAt < now.AddDays(days) ? comingUp : neglected).Add(entry);
        }
        return new AgendaWatchReport(days, now, since,
            [.. neglected.OrderBy(e => e.LastMeeting is not null).ThenByDescending(e => e.DaysSince).ThenBy(e => e.Name, StringComparer.CurrentCultureIgnoreCase)],
            [.. comingUp.OrderBy(e => e.NextMeeting!.StartsAt)]);
    }
}
