using System.Globalization;
using InfoHub.NewsDigest.Council;

namespace InfoHub.NewsDigest.Programme;

/// <summary>
/// The Council meets in New York, and its programme is written in New York time. A time given without an offset is
/// read there (with the system's time zone data, which the runtime image carries); one that New York's clocks skip
/// (a spring-forward gap) or show twice (the autumn hour) is refused rather than guessed.
/// </summary>
public static class NewYorkTime
{
    public const string ZoneId = "America/New_York";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    /// <summary>"2026-12-03T10:00" (New York) or "2026-12-03T15:00Z" / "2026-12-03T10:00-05:00" → the instant, in UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset utc, out string? error)
    {
        utc = default;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (DateTime.TryParseExact(trimmed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (Zone.IsInvalidTime(local))
            {
                error = $"{trimmed} does not exist in New York: the clocks skip that hour (daylight saving time begins). Give a time outside it.";
                return false;
            }
            if (Zone.IsAmbiguousTime(local))
            {
                error = $"{trimmed} happens twice in New York (daylight saving time ends): add the offset, -04:00 or -05:00.";
                return false;
            }
            utc = new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
            return true;
        }
        if (DateTimeOffset.TryParseExact(trimmed, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            utc = instant.ToUniversalTime();
            return true;
        }
        error = $"'{trimmed}' is not a date and time: write New York time as 2026-12-03T10:00, or give an offset (2026-12-03T15:00Z).";
        return false;
    }

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The Council month an instant falls in, by New York's calendar.</summary>
    public static CouncilMonth MonthOf(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        return new CouncilMonth(local.Year, local.Month);
    }

    /// <summary>The months from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>.</summary>
    public static IEnumerable<CouncilMonth> MonthsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        for (var month = MonthOf(from); month <= MonthOf(to); month = month.Next()) yield return month;
    }
}
