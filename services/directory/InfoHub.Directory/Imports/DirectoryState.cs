using InfoHub.Directory.Organizations;
using InfoHub.Platform.Storage.Indexing;

namespace InfoHub.Directory.Imports;

/// <summary>
/// What an import compares its rows with: the organizations there are, the ids of removed ones (never reused), and
/// each organization's name and acronym in its headquarters country, folded as search folds text (case, accents,
/// punctuation), so that "Amnesty International" in GB and "AMNESTY  international" in GB are one organization.
/// </summary>
internal sealed class DirectoryState
{
    public Dictionary<Guid, Organization> Live { get; } = [];
    public HashSet<Guid> Removed { get; } = [];
    private readonly Dictionary<string, Known> _byName = new(StringComparer.Ordinal);

    /// <param name="Row">The import's row that adds it; null for an organization already in the directory.</param>
    public sealed record Known(Guid Id, string Name, string On, string? Row);

    public static async Task<DirectoryState> LoadAsync(OrganizationStore organizations, CancellationToken ct)
    {
        var state = new DirectoryState();
        await foreach (var (organization, removed) in organizations.ScanAllAsync(ct))
        {
            if (removed) { state.Removed.Add(organization.Id); continue; }
            state.Live[organization.Id] = organization;
            state.Add(organization.Id, organization, row: null);
        }
        return state;
    }

    /// <summary>An organization (already there, or added by an earlier row) with <paramref name="profile"/>'s name or acronym in its country.</summary>
    public Known? Match(OrganizationProfile profile) =>
        Keys(profile).Select(k => _byName.GetValueOrDefault(k.Key) is { } known ? known with { On = k.On } : null).FirstOrDefault(k => k is not null);

    public void Add(Guid id, OrganizationProfile profile, string? row)
    {
        foreach (var (key, on) in Keys(profile)) _byName.TryAdd(key, new Known(id, profile.Name, on, row));
    }

    /// <summary>The folded name and acronym, each with the country; a row's name also matches another's acronym and the reverse.</summary>
    private static IEnumerable<(string Key, string On)> Keys(OrganizationProfile profile)
    {
        if (Fold(profile.Name) is { Length: > 0 } name) yield return ($"{profile.Country}|{name}", "name");
        if (Fold(profile.Acronym) is { Length: > 0 } acronym) yield return ($"{profile.Country}|{acronym}", "acronym");
    }

    /// <summary>The words of <paramref name="text"/> as the search index folds them, one space apart.</summary>
    internal static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = new System.Text.StringBuilder();
        TextAnalyzer.Words(text, (word, _, _) => folded.Append(folded.Length > 0 ? " " : "").Append(word));
        return folded.ToString();
    }
}
