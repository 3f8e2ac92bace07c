using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages;

/// <summary>
/// The front page: what the hub holds (the directory's own counts), the organizations changed last, and briefly the
/// Council's next meetings and the latest UN developments (left out when the news service does not answer).
/// </summary>
public sealed class HomePage(DirectoryApi directory, NewsApi news) : PortalPage(directory)
{
    public OrganizationPage Recent { get; private set; } = null!;

    public int Situations { get; private set; }

    public IReadOnlyList<Meeting>? NextMeetings { get; private set; }

    public IReadOnlyList<Development>? LatestDevelopments { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        await SideBySideAsync();
        var recent = Directory.SearchAsync([KeyValuePair.Create("sort", "updated")], 6, ct);
        var situations = Directory.SituationsAsync(ct);
        var next = news.UpcomingAsync(Council.CouncilMonthPage.UpcomingDays, null, ct, aside: true);
        var latest = news.DevelopmentsAsync([], 3, ct, aside: true);
        await Task.WhenAll(recent, situations, next, latest);
        if (!recent.Result.Succeeded) { Refuse(recent.Result); return; }
        Recent = recent.Result.Value!;
        Situations = situations.Result.Value?.Total ?? 0;
        NextMeetings = next.Result.Value?.Meetings.Take(3).ToList();
        LatestDevelopments = latest.Result.Value?.Items;
    }

    /// <summary>How many different codes a facet of the whole directory counts (e.g. the countries organizations work in).</summary>
    public int Distinct(string facet) => Recent.Facets.GetValueOrDefault(facet)?.Count ?? 0;
}
