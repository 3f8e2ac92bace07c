using InfoHub.Web.Pages.Directory;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Situations;

/// <summary>
/// A situation: the organizations active there (by their activities) with counts by theme and country, the positions the
/// visitor may see, and the situation at the Security Council (meetings, resolutions) and in the UN's news.
/// </summary>
public sealed class SituationPage(DirectoryApi directory, NewsApi news, TimeProvider clock) : PortalPage(directory)
{
    public const int PageSize = 20;

    public SituationView View { get; private set; } = null!;

    public string? Cursor { get; private set; }

    public async Task OnGetAsync(string id, string? cursor, CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        Cursor = cursor;
        await SideBySideAsync();
        var read = Directory.SituationAsync(id, cursor, ct);
        var situationNews = SituationNews.ReadAsync(news, id, clock, ct);
        await Task.WhenAll(read, situationNews);
        if (read.Result is not { Succeeded: true, Value: { } view }) { Refuse(read.Result, "/situations"); return; }
        View = view;
        News = situationNews.Result;
    }

    /// <summary>The situation at the Security Council and in the UN's news; null when the news service did not answer.</summary>
    public SituationNews? News { get; private set; }

    /// <summary>The directory's search narrowed to this situation and one more facet value.</summary>
    public string SearchLink(string facet, string code) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(SearchQuery.Path, [KeyValuePair.Create("situation", (string?)View.Situation.Id), KeyValuePair.Create(facet, (string?)code)]);

    public IEnumerable<(string Code, int Count)> Counts(string facet) =>
        (View.Organizations.Facets.GetValueOrDefault(facet) ?? new Dictionary<string, int>()).OrderByDescending(c => c.Value).ThenBy(c => c.Key).Select(c => (c.Key, c.Value));
}
