using System.Text.Json;
using InfoHub.Platform.Storage;

namespace InfoHub.Contacts.Organizations;

/// <summary>
/// The contacts service's copy of the directory's organizations, so contacts can be attached to them.
/// Kept only from the directory's events; never read from the directory's store.
/// </summary>
public sealed record OrganizationReplica
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Acronym { get; init; }
    public required string Country { get; init; }
    /// <summary>The directory's version of the organization this copy reflects.</summary>
    public required long Version { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

public sealed class OrganizationReplicas([FromKeyedServices(ContactsExtensions.Service)] IDocumentStore store)
{
    public const string Collection = "organizations";

    /// <summary>Stores <paramref name="replica"/> unless a copy at the same or a newer version is already held.</summary>
    public Task<bool> ApplyAsync(OrganizationReplica replica, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(
            Collection,
            replica.Id.ToString(),
            replica.Version,
            JsonSerializer.Serialize(replica, JsonSerializerOptions.Web),
            replica.UpdatedAt,
            SearchText: replica.Acronym is null ? replica.Name : $"{replica.Name}\n{replica.Acronym}",
            SortKey: replica.Name.ToLowerInvariant()), ct);

    /// <summary>Leaves a tombstone at <paramref name="version"/>, unless a newer copy is held.</summary>
    public Task<bool> RemoveAsync(Guid id, long version, DateTimeOffset at, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(
            Collection, id.ToString(), version, JsonSerializer.Serialize(new { id, version, removed = true }, JsonSerializerOptions.Web), at, Deleted: true), ct);

    public async Task<OrganizationReplica?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<OrganizationReplica>(stored.Json, JsonSerializerOptions.Web);
    }
}
