using System.Globalization;
using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.NetworkNews;

/// <summary>
/// Something that moved inside the network, learned from the directory's events: an organization joined, recorded an
/// activity, or made a position public. Kept with the id of the event it came from, so a digest item is traceable.
/// </summary>
public sealed record NetworkNewsItem
{
    /// <summary>organization, activity or position.</summary>
    public required string Kind { get; init; }
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    /// <summary>For an organization, its name; for an activity, its title; for a position, its statement.</summary>
    public required string Text { get; init; }
    public string? Link { get; init; }
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public required DateTimeOffset OccurredAt { get; init; }
    public required Guid EventId { get; init; }
    public required long Version { get; init; }
    public bool Demo { get; init; }

    /// <summary>The news that <paramref name="e"/>'s organization joined the network, dated <paramref name="registeredAt"/>.</summary>
    public static NetworkNewsItem Joined(OrganizationState e, DateTimeOffset registeredAt) => new()
    {
        Kind = "organization", Id = e.OrganizationId, OrganizationId = e.OrganizationId, Text = e.Name, Link = e.Website,
        Themes = e.Themes, OccurredAt = registeredAt, EventId = e.EventId, Version = e.Version, Demo = e.Demo,
    };
}

/// <summary>An organization's name as the directory last announced it, to name it in network news.</summary>
public sealed record NetworkOrganization(Guid Id, string Name, string? Acronym, long Version, DateTimeOffset UpdatedAt)
{
    public static NetworkOrganization Of(OrganizationState e) => new(e.OrganizationId, e.Name, e.Acronym, e.Version, e.OccurredAt);
}

/// <summary>The news service's record of network news, kept only from the directory's events (never from its store).</summary>
public sealed class NetworkNewsStore([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store)
{
    public const string Collection = "network-news";
    public const string OrganizationCollection = "network-organizations";
    public const string DayFacet = "day";

    /// <summary>Keeps <paramref name="item"/> unless a copy at the same or a newer version is held.</summary>
    public Task<bool> ApplyAsync(NetworkNewsItem item, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(Collection, Key(item.Kind, item.Id), item.Version,
            JsonSerializer.Serialize(item, JsonSerializerOptions.Web), item.OccurredAt,
            SortKey: item.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            Facets: new Dictionary<string, IReadOnlyList<string>> { [DayFacet] = DayPeriods.Of(DateOnly.FromDateTime(item.OccurredAt.UtcDateTime)) }), ct);

    /// <summary>Drops the item (a position no longer public), unless a newer copy is held.</summary>
    public Task<bool> RemoveAsync(string kind, Guid id, long version, DateTimeOffset at, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(Collection, Key(kind, id), version, JsonSerializer.Serialize(new { kind, id, version }, JsonSerializerOptions.Web), at, Deleted: true), ct);

    /// <summary>Whether an item of <paramref name="kind"/> about <paramref name="id"/> is held.</summary>
    public async Task<bool> HoldsAsync(string kind, Guid id, CancellationToken ct) => await store.GetAsync(Collection, Key(kind, id), ct) is not null;

    public Task<bool> NameAsync(NetworkOrganization organization, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(OrganizationCollection, organization.Id.ToString(), organization.Version,
            JsonSerializer.Serialize(organization, JsonSerializerOptions.Web), organization.UpdatedAt), ct);

    public async Task<NetworkOrganization?> OrganizationAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(OrganizationCollection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<NetworkOrganization>(stored.Json, JsonSerializerOptions.Web);
    }

    /// <summary>Every item that occurred from <paramref name="from"/> to <paramref name="to"/> (UTC days, inclusive), oldest first.</summary>
    public async Task<IReadOnlyList<NetworkNewsItem>> BetweenAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>> { [DayFacet] = DayPeriods.Period(from, to) };
        var items = new List<NetworkNewsItem>();
        string? after = null;
        do
        {
            var page = await store.SearchAsync(Collection, new SearchQuery(null, SearchQuery.MaxLimit, SearchOrder.SortKey, filters, After: after), ct);
            items.AddRange(page.Items.Select(d => JsonSerializer.Deserialize<NetworkNewsItem>(d.Json, JsonSerializerOptions.Web)!));
            after = page.Next;
        } while (after is not null);
        return items;
    }

    private static string Key(string kind, Guid id) => $"{kind}:{id}";
}
