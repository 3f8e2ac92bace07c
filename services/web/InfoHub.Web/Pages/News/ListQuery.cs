using Microsoft.AspNetCore.WebUtilities;

namespace InfoHub.Web.Pages.News;

/// <summary>
/// A news list as its address says it (<c>/news?organ=…&amp;q=…&amp;cursor=…</c>): the list's own parameters, in their
/// order; anything else in the address is dropped. Its filters are a GET form and its pages plain links, so every view
/// of the list has an address that can be shared.
/// </summary>
public sealed class ListQuery(string path, IQueryCollection query, IReadOnlyList<string> parameters)
{
    public string Path => path;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; } =
        [.. query.Where(p => parameters.Contains(p.Key))
            .SelectMany(p => p.Value.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().Select(v => KeyValuePair.Create(p.Key, v!.Trim())))];

    public string? Value(string key) => Pairs.LastOrDefault(p => p.Key == key).Value;

    public string Text => Value("q") ?? "";

    public bool IsPaged => Value("cursor") is not null;

    /// <summary>The list's filters as the API takes them, without the page.</summary>
    public IEnumerable<KeyValuePair<string, string>> Filters => Pairs.Where(p => p.Key != "cursor");

    public string FirstPage => Link(Filters);

    public string NextPage(string cursor) => Link(Filters.Append(KeyValuePair.Create("cursor", cursor)));

    private string Link(IEnumerable<KeyValuePair<string, string>> pairs) =>
        QueryHelpers.AddQueryString(path, pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
}

/// <summary>One filter of a list's form: a select of the values the list counts (with their counts) and "any"; <see cref="Label"/> translated by the page.</summary>
public sealed record FilterSelect(string Name, string Label, string? Chosen, IReadOnlyList<(string Code, string Label, int Count)> Options)
{
    /// <summary>The values of <paramref name="facet"/> the API counted, by label; the chosen one kept even when it counts none.</summary>
    public static FilterSelect Of(string name, string label, string? chosen, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> facets,
        Func<string, string> labelOf, string? facet = null)
    {
        var counts = facets.GetValueOrDefault(facet ?? name) ?? new Dictionary<string, int>();
        var codes = chosen is null || counts.ContainsKey(chosen) ? counts.Keys : counts.Keys.Append(chosen);
        return new(name, label, chosen, [.. codes.Select(c => (c, labelOf(c), counts.GetValueOrDefault(c))).OrderBy(o => o.Item2, StringComparer.CurrentCulture)]);
    }
}
