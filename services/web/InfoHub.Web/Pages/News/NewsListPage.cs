using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.News;

/// <summary>A list of the news digest's (developments, resolutions): its query from the address, one page of results, or the API's refusal.</summary>
public abstract class NewsListPage<T>(DirectoryApi directory) : PortalPage(directory)
{
    public ListQuery Query { get; private set; } = null!;

    public NewsPage<T> Results { get; private set; } = null!;

    /// <param name="parameters">The list's parameters in the API's names: any other in the address is dropped.</param>
    /// <param name="read">Reads a page of the list with the query's pairs.</param>
    protected async Task LoadAsync(string path, IReadOnlyList<string> parameters,
        Func<IReadOnlyList<KeyValuePair<string, string>>, Task<ApiResult<NewsPage<T>>>> read, CancellationToken ct)
    {
        Query = new ListQuery(path, Request.Query, parameters);
        if (!await LoadLabelsAsync(ct)) return;
        var results = await read(Query.Pairs);
        if (!results.Succeeded) { Refuse(results, path); return; }
        Results = results.Value!;
    }
}
