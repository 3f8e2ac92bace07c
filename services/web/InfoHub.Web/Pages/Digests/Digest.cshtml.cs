using InfoHub.Web.Pages.News;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;
using Microsoft.AspNetCore.WebUtilities;

namespace InfoHub.Web.Pages.Digests;

/// <summary>
/// A published digest as a reader gets it: in their interface language where the digest has it (or the one asked
/// for), and — with a situation or theme — only the items on it, the view a subscriber who follows only those receives.
/// A draft is the secretariat's: the API answers 404 to anyone else.
/// </summary>
public sealed class DigestPage(DirectoryApi directory, DigestApi digests) : PortalPage(directory)
{
    public const string Path = "/digests";

    /// <summary>The digest as this reader gets it.</summary>
    public Digest View { get; private set; } = null!;

    /// <summary>The digest whole, in its own language: its languages, and the situations and themes its items are on.</summary>
    public Digest Whole { get; private set; } = null!;

    public DigestReading Reading { get; private set; } = null!;

    /// <summary>The language shown: the one asked for if the digest has it, else the reader's if it has it, else its own.</summary>
    public string Shown => Reading.Language!;

    public async Task OnGetAsync(Guid id, string? lang, string?[]? situation, string?[]? theme, CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        var whole = await digests.ReadAsync(id, null, ct);
        if (!whole.Succeeded) { Refuse(whole, DigestsPage.Path); return; }
        Whole = whole.Value!;
        var shown = Whole.Languages.FirstOrDefault(l => l == lang) ?? Whole.Languages.FirstOrDefault(l => l == Labels.Language) ?? Whole.Language;
        Reading = new DigestReading(shown, Codes(situation), Codes(theme));
        var view = await digests.ReadAsync(id, Reading, ct);
        if (!view.Succeeded) { Refuse(view, Link(id)); return; }
        View = view.Value!;
    }

    /// <summary>The situations and themes the digest's items are on, with how many items each: the filter form's choices.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets => new Dictionary<string, IReadOnlyDictionary<string, int>>
    {
        ["situation"] = Count(Whole.Items.SelectMany(i => i.Situations)),
        ["theme"] = Count(Whole.Items.SelectMany(i => i.Themes)),
    };

    public static string Link(Guid id, string? language = null, DigestReading? filters = null) =>
        QueryHelpers.AddQueryString($"{Path}/{id}", (IEnumerable<KeyValuePair<string, string?>>)
        [
            .. language is null ? [] : new[] { KeyValuePair.Create("lang", (string?)language) },
            .. (filters?.Situations ?? []).Select(s => KeyValuePair.Create("situation", (string?)s)),
            .. (filters?.Themes ?? []).Select(t => KeyValuePair.Create("theme", (string?)t)),
        ]);

    private static IReadOnlyDictionary<string, int> Count(IEnumerable<string> codes) => codes.CountBy(c => c).ToDictionary();

    /// <summary>The codes asked for; an empty choice ("any", sent as <c>theme=</c>) is none.</summary>
    private static List<string> Codes(string?[]? values) => [.. (values ?? []).Select(v => v?.Trim()).OfType<string>().Where(v => v.Length > 0).Distinct()];
}
