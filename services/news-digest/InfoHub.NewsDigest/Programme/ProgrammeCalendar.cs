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

    public static string Write(IEnumerable<Meeting> meetings) => IcsCalendar.Write("Security Council programme of work", meetings.Select(Event));

    /// <summary>The meeting as a calendar entry, in UTC; titled by its format and subject, at Headquarters.</summary>
    public static CalendarEvent Event(Meeting meeting)
    {
        var subject = meeting.ThematicItem ?? meeting.SituationId;
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
