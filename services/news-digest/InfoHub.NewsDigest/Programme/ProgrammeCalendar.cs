using System.Text;
using Ical.Net.CalendarComponents;

namespace InfoHub.NewsDigest.Programme;

/// <summary>
/// The programme of work as iCalendar (RFC 5545), for calendar subscriptions: see <see cref="IcsCalendar"/>.
/// </summary>
public static class ProgrammeCalendar
{
    /// <summary>How far back a subscription still shows meetings.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(31);

    /// <summary>The names of the situations <paramref name="meetings"/> are on, by id, as the directory last announced them.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SituationNamesAsync(Situations.SituationReplicas situations, IEnumerable<Meeting> meetings, CancellationToken ct) =>
        (await situations.GetManyAsync(meetings.Select(m => m.SituationId).OfType<string>().Distinct(), ct)).ToDictionary(s => s.Key, s => s.Value.Name);

    public static string Write(IEnumerable<Meeting> meetings, IReadOnlyDictionary<string, string> situationNames) =>
        IcsCalendar.Write("Security Council programme of work", meetings.Select(m => Event(m, situationNames)));

    /// <summary>
    /// The meeting as a calendar entry, in UTC; titled by its format and subject (a situation by the name the directory
    /// gives it, which a calendar shows better than its id), at Headquarters.
    /// </summary>
    public static CalendarEvent Event(Meeting meeting, IReadOnlyDictionary<string, string> situationNames)
    {
        var subject = meeting.ThematicItem ?? (meeting.SituationId is { } id ? situationNames.GetValueOrDefault(id, id) : "");
        var description = new StringBuilder();
        if (meeting.Title is not null) description.AppendLine(meeting.Title);
        if (meeting.Documents.Count > 0) description.AppendLine("Documents: " + string.Join(", ", meeting.Documents));
        if (meeting.Note is not null) description.AppendLine(meeting.Note);
        var item = IcsCalendar.Entry(meeting.Id, meeting.Version, meeting.UpdatedAt, meeting.Status == MeetingStatus.Cancelled);
        item.DtStart = IcsCalendar.Utc(meeting.StartsAt);
        item.Summary = $"{MeetingFormats.Label(meeting.Format)}: {subject}";
        item.Description = description.Length == 0 ? null : description.ToString().TrimEnd();
        item.Location = "United Nations Headquarters, New York";
        if (meeting.DurationMinutes is { } minutes) item.DtEnd = IcsCalendar.Utc(meeting.StartsAt.AddMinutes(minutes));
        return item;
    }
}
