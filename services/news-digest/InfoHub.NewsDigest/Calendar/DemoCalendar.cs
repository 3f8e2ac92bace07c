using InfoHub.NewsDigest.Programme;

namespace InfoHub.NewsDigest.Calendar;

/// <summary>
/// Real UN days (their next occurrence) and a few invented network events, so a newcomer sees a living calendar. Every
/// event is marked as demo data; seeded only into an empty calendar.
/// </summary>
internal static class DemoCalendar
{
    /// <summary>(month, day, title, theme) of UN observances the network marks.</summary>
    private static readonly (int Month, int Day, string Title, string Theme)[] UnDays =
    [
        (12, 9, "International Day of Commemoration and Dignity of the Victims of the Crime of Genocide and of the Prevention of this Crime", "genocide-prevention"),
        (12, 10, "Human Rights Day", "human-rights"),
        (1, 27, "International Day of Commemoration in memory of the victims of the Holocaust", "genocide-prevention"),
        (6, 19, "International Day for the Elimination of Sexual Violence in Conflict", "protection-of-civilians"),
        (8, 19, "World Humanitarian Day", "humanitarian"),
        (9, 21, "International Day of Peace", "prevention"),
    ];

    /// <summary>(days from today, UTC hour or none for all day, kind, title, situation, location).</summary>
    private static readonly (int Days, int? Hour, string Kind, string Title, string? Situation, string Location)[] Invented =
    [
        (9, 14, "roundtable", "Network roundtable: early warning in the Great Lakes", "drc", "Online"),
        (16, null, "media-opportunity", "Media opportunity: op-eds ahead of the Council's briefing on Darfur", "darfur", "Members' own outlets"),
        (30, 13, "roundtable", "Network roundtable: national R2P focal points and civil society", null, "Geneva and online"),
    ];

    public const string Marker = DemoProgramme.Marker;

    public sealed class Seeder(CalendarStore events, TimeProvider clock, ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if (await events.AnyAsync(ct)) return;
            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var inputs = UnDays.Select(d => new CalendarEventInput
            {
                Kind = "un-day", Title = d.Title, Start = $"{Next(today, d.Month, d.Day):yyyy-MM-dd}", Themes = [d.Theme], Organizer = "United Nations",
                Link = "https://www.un.org/en/observances/list-days-weeks",
                Description = $"{Marker} A real UN observance, on the calendar for the demonstration.",
            }).Concat(Invented.Select(e => new CalendarEventInput
            {
                Kind = e.Kind, Title = e.Title, Location = e.Location, Situations = e.Situation is null ? [] : [e.Situation], Themes = ["prevention"],
                Start = e.Hour is { } hour ? $"{today.AddDays(e.Days):yyyy-MM-dd}T{hour:00}:00Z" : $"{today.AddDays(e.Days):yyyy-MM-dd}",
                End = e.Hour is { } end ? $"{today.AddDays(e.Days):yyyy-MM-dd}T{end + 2:00}:00Z" : null,
                Organizer = "The secretariat", Description = $"{Marker} An invented network event for the demonstration.",
            }));
            var count = 0;
            foreach (var input in inputs)
            {
                // Trusted: the situations are the directory's demo situations, which the replica may not hold yet (both seed at start-up).
                var (valid, errors) = input.Validate(now, Invented.Select(d => d.Situation).OfType<string>().ToHashSet());
                await events.ScheduleAsync(valid ?? throw new InvalidOperationException($"Demo event '{input.Title}' is invalid: {string.Join("; ", errors.ToDictionary().Keys)}."), ct, demo: true);
                count++;
            }
            logger.LogInformation("Seeded the calendar with {Count} demo events", count);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>The next <paramref name="month"/>/<paramref name="day"/> from <paramref name="today"/> on.</summary>
    private static DateOnly Next(DateOnly today, int month, int day)
    {
        var date = new DateOnly(today.Year, month, day);
        return date < today ? date.AddYears(1) : date;
    }
}
