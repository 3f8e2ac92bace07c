using InfoHub.NewsDigest.Digests;
using InfoHub.NewsDigest.Programme;

namespace InfoHub.NewsDigest.Calendar;

/// <summary>The calendar's events from the day after the period to the end of the agenda window, cancelled ones left out.</summary>
public sealed class CalendarDigestSource(CalendarStore events) : IDigestSource
{
    public async Task<IReadOnlyList<DigestItem>> ItemsAsync(DigestPeriod period, CancellationToken ct)
    {
        var found = await events.BetweenAsync(period.To.AddDays(1), period.AgendaUntil, ct);
        return found.Where(e => e.Status != MeetingStatus.Cancelled).Select(e =>
        {
            DigestItemText Text(string language)
            {
                var when = e.StartsAt is { } at
                    ? $"{DigestWords.DayAndTime(language, at.DateTime)} (UTC{at.ToString("zzz", System.Globalization.CultureInfo.InvariantCulture)})"
                    : DigestWords.Day(language, e.StartDate);
                var title = e.Translations.GetValueOrDefault(language)?.Title ?? e.Title;
                return new DigestItemText(title, e.Location is null ? when : $"{when}, {e.Location}");
            }
            var own = Text(e.Language);
            return new DigestItem
            {
                Id = Guid.CreateVersion7(), Section = DigestSections.Calendar, Headline = own.Headline, Summary = own.Summary, Link = e.Link, Language = e.Language,
                Situations = e.Situations, Themes = e.Themes, Translations = DigestNaming.Translated(e.Language, Text),
                Source = new DigestSource("calendar-event", e.Id.ToString(), e.Version), At = e.Starts(),
            };
        }).ToList();
    }
}
