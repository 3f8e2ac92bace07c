using System.Text.Json;
using System.Text.RegularExpressions;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Http;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Situations;

/// <summary>A named crisis or country situation, curated by the secretariat. Its id is a stable code such as "darfur".</summary>
public sealed record Situation
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string? Description { get; init; }
    public bool Demo { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public T State<T>(Guid eventId) where T : SituationState
    {
        SituationState state = new SituationDefined
        {
            EventId = eventId, SituationId = Id, Version = Version, OccurredAt = UpdatedAt,
            Name = Name, Names = Names, Countries = Countries, Description = Description,
        };
        return (T)(typeof(T) == typeof(SituationUpdated) ? new SituationUpdated(state) : state);
    }
}

public sealed partial record SituationInput
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public Dictionary<string, string?>? Names { get; init; }
    public List<string?>? Countries { get; init; }
    public string? Description { get; init; }

    public static bool IsId(string? value) => value is { Length: >= 2 and <= 60 } && IdPattern().IsMatch(value);

    /// <param name="forCreation">Creation takes (or derives from the name) an id; a replacement keeps the one in the address.</param>
    public (SituationInput? Valid, FieldErrors Errors) Validate(bool forCreation)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", Name, 120, min: 2, required: true);
        string? id = null;
        if (forCreation)
        {
            id = Id?.Trim() ?? (name is null ? null : Slug(name));
            if (!IsId(id)) errors.Add("id", "'id' must be 2 to 60 lower-case letters, digits and single hyphens, such as \"darfur\" or \"drc\".");
        }
        else if (Id is not null) errors.Add("id", "'id' cannot change; it is the situation's address.");

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, translated) in Names ?? [])
        {
            var tag = FieldChecks.LanguageTag(language);
            var text = errors.Text($"names.{language}", translated, 120, min: 2, required: true);
            if (tag is null) errors.Add($"names.{language}", $"'{language}' is not a BCP 47 language tag such as \"fr\".");
            else if (text is not null) names[tag] = text;
        }
        var valid = new SituationInput
        {
            Id = id, Name = name, Names = names.ToDictionary(n => n.Key, string? (n) => n.Value),
            Countries = [.. errors.CountryCodes("countries", Countries)],
            Description = errors.Text("description", Description, 2_000),
        };
        return (errors.Any ? null : valid, errors);
    }

    private static string Slug(string name) => SlugSeparators().Replace(name.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugSeparators();
}

/// <summary>Stores situations and publishes their changes.</summary>
public sealed class SituationStore([FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "situations";
    public const string CountryFacet = "country";

    /// <summary>Null when the id is taken.</summary>
    /// <param name="audit">The audit entry of the change (given the situation before, none here, and after), saved in the same transaction.</param>
    public async Task<Situation?> DefineAsync(SituationInput valid, CancellationToken ct, bool demo = false, Func<Situation?, Situation, DocumentWrite>? audit = null)
    {
        var now = clock.GetUtcNow();
        var situation = Apply(new Situation { Id = valid.Id!, Name = valid.Name!, Version = 1, CreatedAt = now, UpdatedAt = now, Demo = demo }, valid);
        var eventId = Guid.NewGuid();
        try
        {
            await store.SaveAllAsync([new DocumentWrite(ToChange(situation), [OutboxMessages.Create(situation.State<SituationDefined>(eventId), eventId, now)]),
                .. audit is null ? [] : new[] { audit(null, situation) }], ct);
            return situation;
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    /// <returns>The updated situation, or the version it is at when that is not <paramref name="expectedVersion"/>; null when it does not exist.</returns>
    public async Task<(Situation? Updated, long? CurrentVersion)> UpdateAsync(string id, SituationInput valid, long? expectedVersion, CancellationToken ct,
        Func<Situation?, Situation, DocumentWrite>? audit = null)
    {
        while (true)
        {
            var current = await GetAsync(id, ct);
            if (current is null) return (null, null);
            if (expectedVersion is { } expected && expected != current.Version) return (null, current.Version);
            var now = clock.GetUtcNow();
            var updated = Apply(current, valid) with { Version = current.Version + 1, UpdatedAt = now };
            var eventId = Guid.NewGuid();
            try
            {
                await store.SaveAllAsync([new DocumentWrite(ToChange(updated), [OutboxMessages.Create(updated.State<SituationUpdated>(eventId), eventId, now)]),
                    .. audit is null ? [] : new[] { audit(current, updated) }], ct);
                return (updated, updated.Version);
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null)
            {
                // Another writer won; apply this change on top of theirs.
            }
        }
    }

    public async Task<Situation?> GetAsync(string id, CancellationToken ct)
    {
        if (!SituationInput.IsId(id)) return null;
        var stored = await store.GetAsync(Collection, id, ct);
        return stored is null ? null : JsonSerializer.Deserialize<Situation>(stored.Json, JsonSerializerOptions.Web);
    }

    /// <summary>The situations among <paramref name="ids"/> that exist, by id.</summary>
    public async Task<IReadOnlyDictionary<string, Situation>> GetManyAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, Situation>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(id, ct) is { } situation) found[id] = situation;
        }
        return found;
    }

    public async Task<SituationPage> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, query, ct);
        var items = found.Items.Select(d => JsonSerializer.Deserialize<Situation>(d.Json, JsonSerializerOptions.Web)!).ToList();
        return new SituationPage(items, items.Count, found.Total, found.FacetCounts, found.Next);
    }

    private static Situation Apply(Situation situation, SituationInput valid) => situation with
    {
        Name = valid.Name!,
        Names = valid.Names!.ToDictionary(n => n.Key, n => n.Value!),
        Countries = valid.Countries!.Select(c => c!).ToList(),
        Description = valid.Description,
    };

    private static DocumentChange ToChange(Situation situation) => new(
        Collection, situation.Id, situation.Version, JsonSerializer.Serialize(situation, JsonSerializerOptions.Web), situation.UpdatedAt,
        SearchText: string.Join('\n', new[] { situation.Name, situation.Description }.Concat(situation.Names.Values).Where(s => s is not null)),
        SortKey: situation.Name.ToLowerInvariant(),
        Facets: new Dictionary<string, IReadOnlyList<string>> { [CountryFacet] = situation.Countries });
}

public sealed record SituationPage(
    IReadOnlyList<Situation> Items, int Count, int Total, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, string? Next);
