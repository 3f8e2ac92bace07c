using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Platform.Http;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Situations;

/// <summary>
/// The news service's copy of the directory's situations, so a development can name them ("darfur") and be checked.
/// Kept only from the directory's events; never read from the directory's store.
/// </summary>
public sealed record SituationReplica
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The name in other languages, by BCP 47 tag.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    /// <summary>The directory's version of the situation this copy reflects.</summary>
    public required long Version { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public static SituationReplica From(SituationState e) => new()
    {
        Id = e.SituationId, Name = e.Name, Names = e.Names, Countries = e.Countries, Version = e.Version, UpdatedAt = e.OccurredAt,
    };
}

public sealed class SituationReplicas([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store)
{
    public const string Collection = "situations";

    /// <summary>Stores <paramref name="replica"/> unless a copy at the same or a newer version is already held.</summary>
    public Task<bool> ApplyAsync(SituationReplica replica, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(
            Collection, replica.Id, replica.Version, JsonSerializer.Serialize(replica, JsonSerializerOptions.Web), replica.UpdatedAt,
            SearchText: string.Join('\n', replica.Names.Values.Prepend(replica.Name)),
            SortKey: replica.Name.ToLowerInvariant()), ct);

    public async Task<SituationReplica?> GetAsync(string id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id, ct);
        return stored is null ? null : JsonSerializer.Deserialize<SituationReplica>(stored.Json, JsonSerializerOptions.Web);
    }

    /// <summary>The situations among <paramref name="ids"/> that the directory has defined, by id.</summary>
    public async Task<IReadOnlyDictionary<string, SituationReplica>> GetManyAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, SituationReplica>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(id, ct) is { } situation) found[id] = situation;
        }
        return found;
    }

    /// <summary>
    /// Which of the situation ids a form names (trimmed, lower case) the directory has defined, looked up before the
    /// form is validated so that its <c>Validate</c> refuses the others by field (<see cref="CheckKnown"/>). At most 50
    /// are looked up: a form refuses a longer list for its length anyway.
    /// </summary>
    public async Task<IReadOnlySet<string>> KnownAsync(IEnumerable<string?> ids, CancellationToken ct) =>
        (await GetManyAsync(ids.Select(id => id?.Trim().ToLowerInvariant()).OfType<string>().Where(id => id.Length is >= 2 and <= 60).Take(50), ct))
            .Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="id"/> is one of the directory's situations; if not, the error names <paramref name="field"/>.
    /// Developments, Council meetings, resolutions and calendar events all name situations this way, so a typing slip
    /// never files an item under a situation no one can follow.
    /// </summary>
    public static bool CheckKnown(FieldErrors errors, string field, string id, IReadOnlySet<string> known)
    {
        if (known.Contains(id)) return true;
        errors.Add(field, $"'{id}' is not a situation of GET /api/news/situations (the directory's situations).");
        return false;
    }

    /// <summary>Every situation held, by name: the directory curates a few dozen, so no paging.</summary>
    public async Task<IReadOnlyList<SituationReplica>> ListAsync(CancellationToken ct)
    {
        var all = new List<SituationReplica>();
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(Collection, after, 1_000, ct);
            all.AddRange(page.Where(d => !d.Deleted).Select(d => JsonSerializer.Deserialize<SituationReplica>(d.Json, JsonSerializerOptions.Web)!));
            if (page.Count < 1_000) break;
            after = page[^1].Id;
        }
        return [.. all.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)];
    }
}
