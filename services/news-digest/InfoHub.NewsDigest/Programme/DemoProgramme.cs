using System.Globalization;
using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Programme;

/// <summary>
/// A plausible programme of work for this month and the next, around the directory's demo situations and the Council's
/// thematic items, so a newcomer sees a working agenda. Every meeting is marked as demo data; the documents are real
/// Council documents, the dates invented. Seeded only into an empty programme.
/// </summary>
internal static class DemoProgramme
{
    public const string Marker = "[Demo data]";

    /// <summary>(month after this one, working day of the month, New York hour, format, situation, thematic item, title, minutes, documents).</summary>
    private static readonly (int Month, int WorkingDay, int Hour, string Format, string? Situation, string? Thematic, string Title, int Minutes, string[] Documents)[] Meetings =
    [
        (0, 2, 10, "briefing", "darfur", null, "Reports of the Secretary-General on the Sudan and South Sudan", 120, ["S/RES/1593 (2005)"]),
        (0, 2, 15, "consultations", "darfur", null, "Reports of the Secretary-General on the Sudan and South Sudan", 90, []),
        (0, 5, 10, "open-debate", null, "Protection of civilians in armed conflict", "Annual open debate on the protection of civilians", 360, ["S/RES/1674 (2006)", "S/PRST/2002/6", "S/2002/1300"]),
        (0, 8, 10, "briefing", "drc", null, "The situation concerning the Democratic Republic of the Congo", 120, ["S/RES/1493 (2003)"]),
        (0, 11, 15, "arria-formula", null, "Children and armed conflict", "Children in armed conflict in the Great Lakes region", 180, ["S/RES/1379 (2001)"]),
        (0, 14, 10, "adoption", "south-sudan", null, "Renewal of the mandate of the United Nations Mission in South Sudan", 30, ["S/RES/1996 (2011)"]),
        (0, 17, 10, "briefing", "myanmar", null, "The situation in Myanmar", 120, ["S/RES/2669 (2022)"]),
        (1, 3, 10, "open-debate", null, "Women and peace and security", "Open debate on women and peace and security", 360, ["S/RES/1325 (2000)"]),
        (1, 6, 10, "briefing", "burundi", null, "The situation in Burundi", 90, ["S/RES/2248 (2015)"]),
        (1, 6, 15, "consultations", "burundi", null, "The situation in Burundi", 60, []),
        (1, 9, 10, "briefing", "drc", null, "The situation concerning the Democratic Republic of the Congo", 120, ["S/RES/1925 (2010)"]),
        (1, 12, 15, "consultations", "south-sudan", null, "Reports of the Secretary-General on the Sudan and South Sudan", 90, []),
        (1, 15, 10, "briefing", "darfur", null, "Briefing by the Prosecutor of the International Criminal Court on Darfur", 120, ["S/RES/1593 (2005)"]),
        (1, 18, 10, "adoption", "drc", null, "Renewal of the mandate of MONUSCO", 30, ["S/RES/1925 (2010)"]),
    ];

    public sealed class Seeder(MeetingStore meetings, [FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store,
        TimeProvider clock, ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if ((await store.SearchAsync(MeetingStore.Collection, new SearchQuery(null, 1), ct)).Total > 0) return;
            var now = clock.GetUtcNow();
            var thisMonth = NewYorkTime.MonthOf(now);
            foreach (var m in Meetings)
            {
                var month = m.Month == 0 ? thisMonth : thisMonth.Next();
                var input = new MeetingInput
                {
                    Start = WorkingDay(month, m.WorkingDay).AddHours(m.Hour).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
                    DurationMinutes = m.Minutes, Format = m.Format, SituationId = m.Situation, ThematicItem = m.Thematic, Title = m.Title,
                    Documents = [.. m.Documents], Note = $"{Marker} An invented meeting for the demonstration; the documents are real.",
                };
                // Trusted: the situations are the directory's demo situations, which the replica may not hold yet (both seed at start-up).
                var (valid, errors) = input.Validate(now, Meetings.Select(d => d.Situation).OfType<string>().ToHashSet());
                await meetings.ScheduleAsync(valid ?? throw new InvalidOperationException($"Demo meeting '{m.Title}' is invalid: {string.Join("; ", errors.ToDictionary().Keys)}."), ct, demo: true);
            }
            logger.LogInformation("Seeded the programme of work with {Count} demo meetings for {Month} and {Next}", Meetings.Length, thisMonth, thisMonth.Next());
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>The <paramref name="n"/>th weekday (Monday to Friday) of <paramref name="month"/>, at midnight.</summary>
    private static DateTime WorkingDay(CouncilMonth month, int n)
    {
        var day = new DateTime(month.Year, month.Month, 1);
        for (var seen = 0; ; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && ++seen == n) return day;
        }
    }
}
