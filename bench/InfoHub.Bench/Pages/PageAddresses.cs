using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Bench.Search;

namespace InfoHub.Bench.Pages;

/// <summary>One portal page and the directory API query that page makes for its content (its baseline).</summary>
public sealed record PageAddress(string Page, string Api);

/// <summary>A kind of portal page with the varied addresses it is asked at.</summary>
public sealed record PageKind(string Name, IReadOnlyList<PageAddress> Addresses);

/// <summary>
/// The portal's public pages, each kind at several addresses taken from the generated data (queries, facet values at
/// common and rare ranks, organizations spread over the directory, every situation), so that no one answer is read
/// from a warm cache again and again. The API address beside each page is the query that page makes for its content,
/// with the portal's own page size; the labels the page also reads (vocabularies, situations) are not in it.
/// </summary>
public static class PageAddresses
{
    private const string Organizations = "/api/directory/organizations";

    /// <summary>The portal's search page size (<c>SearchPage.PageSize</c>) and the home page's recent list.</summary>
    private const int PageSize = 20, RecentOnHome = 6;

    /// <summary>Words a reader would search for, from the generated text: broad ones and narrow ones.</summary>
    private static readonly string[] Texts =
    [
        "human rights", "early warning", "displacement", "mediation", "women peacebuilders", "hate speech", "land disputes", "torture",
        "press freedom", "refugees", "transitional justice", "election violence", "youth", "journalists", "accountability",
        "ceasefire monitoring", "statelessness", "minority rights", "legal aid", "genocide prevention", "civic space", "radio",
        "missing persons", DirectoryDataset.RareWord,
    ];

    public static async Task<IReadOnlyList<PageKind>> ForAsync(DirectoryDataset data, HttpClient api, int perKind, CancellationToken ct)
    {
        var facets = new (string Name, IReadOnlyList<string> Values)[]
        {
            ("theme", data.ByFrequency(o => o.Themes)), ("country", data.ByFrequency(data.CountriesOf)), ("region", data.ByFrequency(o => o.Regions)),
            ("situation", data.ByFrequency(data.SituationsOf)), ("sector", data.ByFrequency(o => o.Sectors)), ("language", data.ByFrequency(o => o.Languages)),
            ("membership", data.ByFrequency(o => o.Membership is { } m ? [m.Status] : [])), ("function", data.ByFrequency(o => o.Functions)),
        };
        // The i-th value of a facet at a rank that walks from the most common values to rarer ones.
        string Value(int facet, int i) => facets[facet].Values[i * 3 % facets[facet].Values.Count];
        (string, string) Facet(int facet, int i) => (facets[facet].Name, Value(facet, i));
        var range = Enumerable.Range(0, perKind).ToList();

        var text = range.Take(Texts.Length).Select(i => Query(("q", Texts[i])));
        var oneFacet = range.Select(i => Query(Facet(i % facets.Length, i / facets.Length)));
        // theme + country, theme + region, country + language, situation + theme: narrowings a reader combines.
        var twoFacets = range.Select(i => (i % 4) switch
        {
            0 => Query(Facet(0, i), Facet(1, i)),
            1 => Query(Facet(0, i), Facet(2, i)),
            2 => Query(Facet(1, i), Facet(5, i)),
            _ => Query(Facet(3, i), Facet(0, i)),
        });
        var sorted = range.Select(i => (i % 3) switch
        {
            0 => Query(("q", Texts[i % Texts.Length]), ("sort", "name")),
            1 => Query(Facet(0, i), ("sort", "updated")),
            _ => Query(Facet(1, i), ("sort", "name")),
        });
        var later = new List<IReadOnlyList<(string, string)>>();
        foreach (var i in range)
        {
            // Page 2 or 3 of a broad listing: the cursor is the API's own, read from the page before.
            IReadOnlyList<(string, string)> first = (i % 3) switch
            {
                0 => [Facet(0, i), ("sort", "name")],
                1 => [("q", Texts[i % 4])],
                _ => [Facet(1, i % 6)],
            };
            if (await CursorAsync(api, first, 1 + i % 2, ct) is { } cursor) later.Add([.. first, ("cursor", cursor)]);
        }
        var organizations = range.Select(i => data.Organizations[(int)((long)i * data.Organizations.Count / perKind)].Id);
        var situations = data.Situations.Take(perKind).Select(s => s.Id);

        return
        [
            new("home /", [new("/", ApiSearch([("sort", "updated")], RecentOnHome))]),
            Search("directory: text", text),
            Search("directory: one facet", oneFacet),
            Search("directory: two facets", twoFacets),
            Search("directory: later page", later),
            Search("directory: sorted", sorted),
            new("organization profile", [.. organizations.Select(id => new PageAddress($"/directory/organizations/{id}", $"{Organizations}/{id}"))]),
            new("situations index", [new("/situations", "/api/directory/situations?limit=100")]),
            new("situation page", [.. situations.Select(id => new PageAddress($"/situations/{id}", $"/api/directory/situations/{id}"))]),
        ];
    }

    private static IReadOnlyList<(string Name, string Value)> Query(params (string, string)[] pairs) => pairs;

    private static PageKind Search(string name, IEnumerable<IReadOnlyList<(string Name, string Value)>> queries) =>
        new(name, [.. queries.Select(q => new PageAddress("/directory" + QueryString(q), ApiSearch(q, PageSize)))]);

    /// <summary>The search the portal makes for a page: its parameters in their order, then its page size.</summary>
    private static string ApiSearch(IReadOnlyList<(string Name, string Value)> query, int limit) =>
        Organizations + QueryString([.. query, ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private static string QueryString(IReadOnlyList<(string Name, string Value)> query) =>
        query.Count == 0 ? "" : "?" + string.Join('&', query.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>The cursor to page <paramref name="pages"/> + 1 of a search, or null when it has fewer pages.</summary>
    private static async Task<string?> CursorAsync(HttpClient api, IReadOnlyList<(string Name, string Value)> query, int pages, CancellationToken ct)
    {
        string? cursor = null;
        for (var page = 0; page < pages; page++)
        {
            var answer = await api.GetFromJsonAsync<JsonElement>(ApiSearch(cursor is null ? query : [.. query, ("cursor", cursor)], PageSize), ct);
            if (!answer.TryGetProperty("next", out var next) || next.ValueKind != JsonValueKind.String) return null;
            cursor = next.GetString();
        }
        return cursor;
    }
}
