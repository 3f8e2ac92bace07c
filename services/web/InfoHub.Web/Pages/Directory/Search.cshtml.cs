using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Directory;

/// <summary>Who works on what, where: the directory's search with every facet it counts.</summary>
public sealed class SearchPage(DirectoryApi directory) : PortalPage(directory)
{
    public const int PageSize = 20;

    /// <summary>How many values of a facet show before "more".</summary>
    public const int FacetValuesShown = 8;

    public SearchQuery Query { get; private set; } = null!;

    public OrganizationPage Results { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Query = new SearchQuery(Request.Query);
        if (!await LoadLabelsAsync(ct)) return;
        var results = await Directory.SearchAsync(Query.Pairs, PageSize, ct);
        if (!results.Succeeded) { Refuse(results, SearchQuery.Path); return; }
        Results = results.Value!;
    }

    /// <summary>A facet's values with their counts, the chosen ones first, then the most frequent, then by name.</summary>
    public IReadOnlyList<(string Code, string Label, int Count, bool Chosen)> Values(string facet) =>
        [.. (Results.Facets.GetValueOrDefault(facet) ?? new Dictionary<string, int>())
            .Select(v => (Code: v.Key, Label: Labels.Of(facet, v.Key), Count: v.Value, Chosen: Query.Has(facet, v.Key)))
            .Concat(Query.Filters.Where(f => f.Key == facet && Results.Facets.GetValueOrDefault(facet)?.ContainsKey(f.Value) != true)
                .Select(f => (Code: f.Value, Label: Labels.Of(facet, f.Value), Count: 0, Chosen: true)))
            .OrderByDescending(v => v.Chosen).ThenByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.CurrentCulture)];
}
