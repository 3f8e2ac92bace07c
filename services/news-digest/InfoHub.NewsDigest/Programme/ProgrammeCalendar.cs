using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace InfoHub.NewsDigest.Programme;

/// <summary>
/// The programme of work as iCalendar (RFC 5545), for calendar subscriptions. Each meeting keeps one UID for life and
/// its SEQUENCE grows with every change, so a subscribed calendar moves or cancels the entry it has instead of adding another.
/// </summary>
public static class ProgrammeCalendar
{
    public const string MediaType = "text/calendar";

    /// <summary>How far back a subscription still shows meetings.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(31);

    public static string Write(IEnumerable<Meeting> meetings)
    {
        var calendar = new Calendar { ProductId = "-//InfoHub//Security Council programme of work//EN" };
        calendar.AddProperty("X-WR-CALNAME", "Security Council programme of work");
        foreach (var meeting in meetings) calendar.Events.Add(Event(meeting));
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>The UID a meeting has in every calendar, whatever happens to it.</summary>
    public static string Uid(Guid meetingId) => $"{meetingId:D}@infohub";

    /// <summary>A strong validator of the calendar's text.</summary>
    public static string ETag(string text) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32]}\"";

    private static CalendarEvent Event(Meeting meeting)
    {
        var subject = meeting.ThematicItem ?? meeting.SituationId;
        var description = new StringBuilder();
        if (meeting.Title is not null) description.AppendLine(meeting.Title);
        if (meeting.Documents.Count > 0) description.AppendLine("Documents: " + string.Join(", ", meeting.Documents));
        if (meeting.Note is not null) description.AppendLine(meeting.Note);
        var item = new CalendarEvent
        {
            Uid = Uid(meeting.Id),
            // RFC 5545: SEQUENCE starts at 0 and grows with each revision; the stored version starts at 1.
            Sequence = (int)(meeting.Version - 1),
            // Without a METHOD, DTSTAMP is when the entry was last revised (so the text, and its ETag, change only with the meeting).
            DtStamp = Utc(meeting.UpdatedAt),
            DtStart = Utc(meeting.StartsAt),
            Summary = $"{MeetingFormats.Label(meeting.Format)}: {subject}",
            Description = description.Length == 0 ? null : description.ToString().TrimEnd(),
            Location = "United Nations Headquarters, New York",
            Status = meeting.Status == MeetingStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        };
        if (meeting.DurationMinutes is { } minutes) item.DtEnd = Utc(meeting.StartsAt.AddMinutes(minutes));
        return item;
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId);
}
