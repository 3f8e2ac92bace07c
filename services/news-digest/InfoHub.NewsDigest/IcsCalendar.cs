using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace InfoHub.NewsDigest;

/// <summary>
/// iCalendar (RFC 5545) for calendar subscriptions, shared by the programme of work and the network's calendar. Each entry
/// keeps one UID for life and its SEQUENCE grows with every change, so a subscribed calendar moves or cancels the entry it
/// has instead of adding another.
/// </summary>
public static class IcsCalendar
{
    public const string MediaType = "text/calendar";

    public static string Write(string name, IEnumerable<CalendarEvent> entries)
    {
        var calendar = new Ical.Net.Calendar { ProductId = $"-//InfoHub//{name}//EN" };
        calendar.AddProperty("X-WR-CALNAME", name);
        foreach (var entry in entries) calendar.Events.Add(entry);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>An entry with what every one carries: its UID, SEQUENCE and DTSTAMP from the record's id, version and last change.</summary>
    public static CalendarEvent Entry(Guid id, long version, DateTimeOffset updatedAt, bool cancelled) => new()
    {
        Uid = Uid(id),
        // RFC 5545: SEQUENCE starts at 0 and grows with each revision; the stored version starts at 1.
        Sequence = (int)(version - 1),
        // Without a METHOD, DTSTAMP is when the entry was last revised (so the text, and its ETag, change only with the record).
        DtStamp = Utc(updatedAt),
        Status = cancelled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
    };

    /// <summary>The UID a record has in every calendar, whatever happens to it.</summary>
    public static string Uid(Guid id) => $"{id:D}@infohub";

    /// <summary>A strong validator of the calendar's text.</summary>
    public static string ETag(string text) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32]}\"";

    public static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId);

    /// <summary>The calendar's text with its ETag; a 304 when the caller holds it already.</summary>
    public static IResult Response(HttpContext http, string text) =>
        Programme.ProgrammeEndpoints.Tagged(http, ETag(text)) ?? TypedResults.Text(text, MediaType, Encoding.UTF8);
}
