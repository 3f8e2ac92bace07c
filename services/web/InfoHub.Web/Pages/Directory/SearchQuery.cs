using Microsoft.AspNetCore.WebUtilities;

namespace InfoHub.Web.Pages.Directory;

/// <summary>
/// A directory search as its address says it (<c>/directory?q=…&amp;theme=…&amp;cursor=…</c>): the text, each facet's
/// chosen values, the order and the page. Every link on the search page is this query with one thing changed, so each
/// narrowing, un-narrowing and page is a plain link that can be shared or bookmarked.
/// </summary>
public sealed class SearchQuery
{
    public const string Path = "/directory";

    private readonly List<KeyValuePair<string, string>> _pairs;

    /// <summary>Keeps the search's own parameters, in their order; anything else in the address is dropped.</summary>
    public SearchQuery(IQueryCollection query) =>
        _pairs = [.. query.Where(p => InfoHub.Web.Shared.Api.DirectoryApi.SearchParameters.Contains(p.Key))
            .SelectMany(p => p.Value.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().Select(v => KeyValuePair.Create(p.Key, v!.Trim())))];

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public string Text => Value("q") ?? "";

    public string Sort => Value("sort") ?? "relevance";

    public bool IsPaged => Value("cursor") is not null;

    public bool Has(string facet, string code) => _pairs.Any(p => p.Key == facet && string.Equals(p.Value, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The chosen facet values, in the order they were chosen.</summary>
    public IEnumerable<KeyValuePair<string, string>> Filters => _pairs.Where(p => InfoHub.Web.Shared.Api.Facets.All.Contains(p.Key));

    /// <summary>This search narrowed by <paramref name="code"/>, or no longer by it if it was; back to the first page.</summary>
    public string Toggle(string facet, string code) => Has(facet, code)
        ? Link(_pairs.Where(p => !(p.Key == facet && string.Equals(p.Value, code, StringComparison.OrdinalIgnoreCase))))
        : Link(_pairs.Append(KeyValuePair.Create(facet, code)));

    public string NextPage(string cursor) => Link(_pairs, cursor);

    public string FirstPage => Link(_pairs);

    private string? Value(string key) => _pairs.LastOrDefault(p => p.Key == key).Value;

    /// <summary>The search page's address with <paramref name="pairs"/>, on the first page unless a <paramref name="cursor"/> is given.</summary>
    private static string Link(IEnumerable<KeyValuePair<string, string>> pairs, string? cursor = null) =>
        QueryHelpers.AddQueryString(Path, pairs.Where(p => p.Key != "cursor")
            .Concat(cursor is null ? [] : [KeyValuePair.Create("cursor", cursor)])
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
}
