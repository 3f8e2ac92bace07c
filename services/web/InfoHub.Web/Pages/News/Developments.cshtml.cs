using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace InfoHub.Web.Pages.News;

/// <summary>Developments at the UN, newest first: filtered by organ, situation, theme and language, searched by text, paged by the API's cursor.</summary>
public sealed class DevelopmentsPage(DirectoryApi directory, NewsApi news) : NewsListPage<Development>(directory)
{
    public const string Path = "/news";
    public const int PageSize = 20;

    public Task OnGetAsync(CancellationToken ct) =>
        LoadAsync(Path, NewsApi.DevelopmentParameters, query => news.DevelopmentsAsync(query, PageSize, ct), ct);

    /// <summary>The Atom feed narrowed by the same filters (a feed has no text search or pages).</summary>
    public string FeedLink => QueryHelpers.AddQueryString(NewsApi.DevelopmentFeed,
        (Query?.Filters ?? []).Where(p => p.Key != "q").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
}
