using System.Globalization;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Council;

/// <summary>
/// The Security Council in a month: who sits (permanent and elected members, with their terms) and presides, the
/// programme of work in New York time, and the calendar to subscribe to. The current month, the default, also shows
/// the meetings of the next 14 days.
/// </summary>
public sealed class CouncilMonthPage(DirectoryApi directory, NewsApi news, TimeProvider clock) : PortalPage(directory)
{
    public const string Path = "/council";
    public const int UpcomingDays = 14;

    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public ProgrammeMonth Programme { get; private set; } = null!;

    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>The next <see cref="UpcomingDays"/> days' meetings, on the current month's page only; null elsewhere or when they could not be read.</summary>
    public UpcomingMeetings? Upcoming { get; private set; }

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        var programme = await news.ProgrammeMonthAsync(month ?? CurrentMonth(clock), ct);
        if (!programme.Succeeded) { Refuse(programme, Path); return; }
        Programme = programme.Value!;
        Month = DateOnly.ParseExact(Programme.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (month is null) Upcoming = (await news.UpcomingAsync(UpcomingDays, null, ct)).Value;
    }

    /// <summary>The month it is in New York, where the Council meets: "2026-03".</summary>
    public static string CurrentMonth(TimeProvider clock) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), NewYork).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Link(DateOnly month) => $"{Path}/{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    public IEnumerable<CouncilMember> Permanent => Programme.Members.Where(m => m.Permanent);

    public IEnumerable<CouncilMember> Elected => Programme.Members.Where(m => !m.Permanent);

    /// <summary>The calendar's address for a calendar application (<c>webcal://</c>), at the host the visitor used.</summary>
    public string Webcal => $"webcal://{Request.Host}{NewsApi.Calendar}";
}
