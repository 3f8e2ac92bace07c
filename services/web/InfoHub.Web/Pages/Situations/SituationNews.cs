using InfoHub.Web.Pages.Council;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Situations;

/// <summary>A situation at the Security Council and in the UN's news: its meetings of last month to next, its resolutions and the latest developments.</summary>
public sealed record SituationNews(IReadOnlyList<Meeting> Upcoming, IReadOnlyList<Meeting> Recent, NewsPage<Resolution> Resolutions, NewsPage<Development> Developments)
{
    public const int Shown = 5;

    /// <summary>The situation's news, or null when the news service did not answer (the situation page shows the rest).</summary>
    public static async Task<SituationNews?> ReadAsync(NewsApi news, string situation, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var thisMonth = DateOnly.ParseExact(CouncilMonthPage.CurrentMonth(clock) + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var months = new[] { thisMonth.AddMonths(-1), thisMonth, thisMonth.AddMonths(1) }
            .Select(month => news.ProgrammeMonthAsync(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), ct, aside: true)).ToList();
        var resolutions = news.ResolutionsAsync([KeyValuePair.Create("situation", situation)], 10, ct, aside: true);
        var developments = news.DevelopmentsAsync([KeyValuePair.Create("situation", situation)], Shown, ct, aside: true);
        await Task.WhenAll([.. months, resolutions, developments]);
        if (months.Any(m => !m.Result.Succeeded) || !resolutions.Result.Succeeded || !developments.Result.Succeeded) return null;
        var meetings = months.SelectMany(m => m.Result.Value!.Meetings).Where(m => m.SituationId == situation).ToList();
        return new SituationNews(
            [.. meetings.Where(m => m.StartsAt >= now).OrderBy(m => m.StartsAt).Take(Shown)],
            [.. meetings.Where(m => m.StartsAt < now).OrderByDescending(m => m.StartsAt).Take(Shown)],
            resolutions.Result.Value!, developments.Result.Value!);
    }
}
