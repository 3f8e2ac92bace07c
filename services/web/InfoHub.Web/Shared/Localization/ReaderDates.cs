using System.Globalization;

namespace InfoHub.Web.Shared.Localization;

/// <summary>
/// Days, months and times as a reader of the interface language writes them ("3 March 2026", "3 mars 2026", "3 de marzo
/// de 2026"). The portal runs without ICU (invariant globalization), so the month and weekday names are kept here.
/// </summary>
public static class ReaderDates
{
    private static readonly Dictionary<string, string[]> Months = new()
    {
        ["en"] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        ["fr"] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        ["es"] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    };

    /// <summary>Sunday first, as <see cref="DayOfWeek"/> counts.</summary>
    private static readonly Dictionary<string, string[]> Weekdays = new()
    {
        ["en"] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        ["fr"] = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        ["es"] = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    };

    private static string MonthName(int month) => Months[Labels.Language][month - 1];

    /// <summary>"3 March 2026"</summary>
    public static string Day(DateOnly day) => Labels.Language switch
    {
        "es" => $"{day.Day} de {MonthName(day.Month)} de {day.Year}",
        _ => $"{day.Day} {MonthName(day.Month)} {day.Year}",
    };

    /// <summary>"Tuesday 3 March 2026"</summary>
    public static string DayWithWeekday(DateOnly day) => $"{Weekdays[Labels.Language][(int)day.DayOfWeek]} {Day(day)}";

    /// <summary>"March 2026"</summary>
    public static string Month(int year, int month) => Labels.Language switch
    {
        "es" => $"{MonthName(month)} de {year}",
        _ => $"{MonthName(month)} {year}",
    };

    /// <summary>"15:00": the three languages agree on the 24-hour clock in the UN's documents.</summary>
    public static string Time(DateTimeOffset at) => at.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable value of a <c>time</c> element's <c>datetime</c>.</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
