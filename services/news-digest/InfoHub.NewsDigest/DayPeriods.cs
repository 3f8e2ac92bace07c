using System.Globalization;

namespace InfoHub.NewsDigest;

/// <summary>
/// Date ranges as facet values, since the store filters by facet and not by range: a record carries the year, month and
/// day it belongs to, and a range is the few pieces that cover it exactly.
/// </summary>
public static class DayPeriods
{
    /// <summary>The facet values of <paramref name="day"/>: "2026", "2026-02" and "2026-02-14".</summary>
    public static IReadOnlyList<string> Of(DateOnly day) => [Year(day), Month(day), Day(day)];

    /// <summary>
    /// The facet values that select exactly the days from <paramref name="from"/> to <paramref name="to"/>:
    /// whole years as "2025", whole months as "2026-01", and the days left as "2026-02-14" — a few dozen values for any
    /// range, where a list of days would hold thousands. A record carries its year, month and day (<see cref="Of"/>), so it matches
    /// the one piece its day falls in.
    /// </summary>
    public static IReadOnlyList<string> Period(DateOnly from, DateOnly to)
    {
        var pieces = new List<string>();
        var day = from;
        while (day <= to)
        {
            var yearEnd = new DateOnly(day.Year, 12, 31);
            var monthEnd = new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));
            if (day is { Month: 1, Day: 1 } && yearEnd <= to)
            {
                pieces.Add(Year(day));
                day = yearEnd.AddDays(1);
            }
            else if (day.Day == 1 && monthEnd <= to)
            {
                pieces.Add(Month(day));
                day = monthEnd.AddDays(1);
            }
            else
            {
                pieces.Add(Day(day));
                day = day.AddDays(1);
            }
        }
        return pieces;
    }

    private static string Year(DateOnly day) => day.ToString("yyyy", CultureInfo.InvariantCulture);
    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
