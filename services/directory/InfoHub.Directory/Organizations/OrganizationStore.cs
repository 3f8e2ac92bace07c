using System.Text.Json;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Organizations;

/// <summary>Validate, store, publish: the directory's write path for organizations, shared by the API and the demo data.</summary>
public sealed class OrganizationStore([FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "organizations";
    public const string CountryFacet = "country";
    /// <summary>How often an update without If-Match re-reads and re-applies when other writers keep winning.</summary>
    private const int MaxAttempts = 10;

    /// <param name="id">A fixed id (demo data, imports that keep their ids); a new one otherwise.</param>
    public async Task<Organization> RegisterAsync(OrganizationProfile profile, CancellationToken ct, Guid? id = null)
    {
        var now = clock.GetUtcNow();
        var organization = new Organization
        {
            Id = id ?? Guid.CreateVersion7(now),
            Name = profile.Name, Acronym = profile.Acronym, Country = profile.Country, Description = profile.Description,
            Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        var eventId = Guid.NewGuid();
        await store.SaveAsync(ToChange(organization), [OutboxMessages.Create(organization.Registered(eventId), eventId, now)], ct);
        return organization;
    }

    /// <summary>
    /// Replaces the profile. With <paramref name="expectedVersion"/> the write happens only at that version;
    /// without it, a concurrent writer's change is re-read and this one applied on top.
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(Guid id, OrganizationProfile profile, long? expectedVersion, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(id, ct);
            if (current is null) return new UpdateOutcome.NotFound();
            if (expectedVersion is { } expected && current.Version != expected) return new UpdateOutcome.VersionMismatch(current.Version);

            var now = clock.GetUtcNow();
            var updated = current with
            {
                Name = profile.Name, Acronym = profile.Acronym, Country = profile.Country, Description = profile.Description,
                Version = current.Version + 1, UpdatedAt = now,
            };
            var eventId = Guid.NewGuid();
            try
            {
                await store.SaveAsync(ToChange(updated), [OutboxMessages.Create(updated.Updated(eventId), eventId, now)], ct);
                return new UpdateOutcome.Updated(updated);
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                // Someone else wrote in between: read again and re-apply, after a short random pause so that
                // writers racing for the same organization spread out.
                await Task.Delay(Random.Shared.Next(1, 4 * attempt), ct);
            }
            catch (ConcurrencyConflictException) when (expectedVersion is not null)
            {
                return new UpdateOutcome.VersionMismatch((await GetAsync(id, ct))?.Version ?? 0);
            }
        }
    }

    public async Task<Organization?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<Organization>(stored.Json, JsonSerializerOptions.Web);
    }

    public async Task<OrganizationPage> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, query, ct);
        var items = found.Items.Select(d => JsonSerializer.Deserialize<Organization>(d.Json, JsonSerializerOptions.Web)!).ToList();
        return new OrganizationPage(items, items.Count, found.Total, found.FacetCounts, found.Next);
    }

    private static DocumentChange ToChange(Organization organization) => new(
        Collection,
        organization.Id.ToString(),
        organization.Version,
        JsonSerializer.Serialize(organization, JsonSerializerOptions.Web),
        organization.UpdatedAt,
        SearchText: string.Join('\n', new[] { organization.Name, organization.Acronym, organization.Description }.Where(s => s is not null)),
        SortKey: organization.Name.ToLowerInvariant(),
        Facets: new Dictionary<string, IReadOnlyList<string>> { [CountryFacet] = [organization.Country] });
}

public abstract record UpdateOutcome
{
    public sealed record Updated(Organization Organization) : UpdateOutcome;
    public sealed record NotFound : UpdateOutcome;
    public sealed record VersionMismatch(long CurrentVersion) : UpdateOutcome;
}
