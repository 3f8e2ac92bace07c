using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The news digest's public HTTP API, as the portal calls it: UN developments, the Security Council's members and
/// programme of work, and the resolution tracker. Like <see cref="DirectoryApi"/>, never the service's store.
/// </summary>
public sealed class NewsApi(HttpClient http, IMemoryCache cache, ILogger<NewsApi> logger) : HubApi(http, logger)
{
    /// <summary>The list's parameters, in the API's names: the portal passes on these and no others.</summary>
    public static readonly string[] DevelopmentParameters = ["q", "organ", "situation", "theme", "language", "cursor"];

    public static readonly string[] ResolutionParameters = ["q", "status", "situation", "r2p", "year", "cursor"];

    /// <summary>The Atom feed of the newest developments; the list's filters (not its text or page) narrow it.</summary>
    public const string DevelopmentFeed = "/api/news/developments/feed.atom";

    /// <summary>The programme of work as iCalendar, for a calendar subscription.</summary>
    public const string Calendar = "/api/news/programme/calendar.ics";

    /// <param name="aside">For a side section (see <see cref="HubApi.Aside"/>): not retried.</param>
    public Task<ApiResult<NewsPage<Development>>> DevelopmentsAsync(IEnumerable<KeyValuePair<string, string>> query, int limit, CancellationToken ct, bool aside = false) =>
        GetAsync<NewsPage<Development>>("api/news/developments" + QueryString(query.Append(Limit(limit))), ct, aside);

    public Task<ApiResult<Development>> DevelopmentAsync(Guid id, CancellationToken ct) =>
        GetAsync<Development>($"api/news/developments/{id}", ct);

    public Task<ApiResult<NewsPage<Resolution>>> ResolutionsAsync(IEnumerable<KeyValuePair<string, string>> query, int limit, CancellationToken ct, bool aside = false) =>
        GetAsync<NewsPage<Resolution>>("api/news/resolutions" + QueryString(query.Append(Limit(limit))), ct, aside);

    public Task<ApiResult<Resolution>> ResolutionAsync(Guid id, CancellationToken ct) =>
        GetAsync<Resolution>($"api/news/resolutions/{id}", ct);

    /// <summary>A month (<c>2026-03</c>) of the programme of work, with who sits on the Council and who presides.</summary>
    public Task<ApiResult<ProgrammeMonth>> ProgrammeMonthAsync(string month, CancellationToken ct, bool aside = false) =>
        GetAsync<ProgrammeMonth>($"api/news/programme/months/{Uri.EscapeDataString(month)}", ct, aside);

    public Task<ApiResult<UpcomingMeetings>> UpcomingAsync(int days, string? situation, CancellationToken ct, bool aside = false) =>
        GetAsync<UpcomingMeetings>("api/news/programme/upcoming" + QueryString([KeyValuePair.Create("days", days.ToString(CultureInfo.InvariantCulture)), KeyValuePair.Create("situation", situation ?? "")]), ct, aside);

    /// <summary>The Council's members in a year: they change only with a release (the API lets clients keep them an hour), so read once an hour.</summary>
    public Task<ApiResult<CouncilYear>> CouncilAsync(int year, CancellationToken ct) =>
        KeptAsync(cache, $"Council{year}", TimeSpan.FromHours(1), () => GetAsync<CouncilYear>($"api/news/council/{year}", ct));

    /// <summary>The situations the Council has not met on in <paramref name="days"/> days: the secretariat's.</summary>
    public Task<ApiResult<AgendaWatchReport>> AgendaWatchAsync(string? days, CancellationToken ct) =>
        GetAsync<AgendaWatchReport>("api/news/agenda-watch" + QueryString([KeyValuePair.Create("days", days ?? "")]), ct);

    private static KeyValuePair<string, string> Limit(int limit) => KeyValuePair.Create("limit", limit.ToString(CultureInfo.InvariantCulture));
}
