using InfoHub.Web.Pages.News;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Resolutions;

/// <summary>The resolution tracker: resolutions and drafts, the latest step first, filtered by status, situation, R2P and year, searched by text.</summary>
public sealed class ResolutionsPage(DirectoryApi directory, NewsApi news) : NewsListPage<Resolution>(directory)
{
    public const string Path = "/resolutions";
    public const int PageSize = 25;

    public Task OnGetAsync(CancellationToken ct) =>
        LoadAsync(Path, NewsApi.ResolutionParameters, query => news.ResolutionsAsync(query, PageSize, ct), ct);
}
