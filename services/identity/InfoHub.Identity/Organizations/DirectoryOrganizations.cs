using System.Text.Json;
using InfoHub.Platform.Storage;

namespace InfoHub.Identity.Organizations;

/// <summary>What identity knows of a directory organization: enough to invite its members and to stop them acting for it once it is removed.</summary>
public sealed record DirectoryOrganization(Guid Id, string Name, long Version, bool Removed);

/// <summary>
/// Identity's copy of the directory's organizations, kept only from the directory's events (never read from its
/// store). A removed organization stays as a record marked <c>Removed</c> at its last version, so a late older event
/// cannot bring it back and its members' tokens can be told apart from those of an organization not heard of yet.
/// </summary>
public sealed class DirectoryOrganizations([FromKeyedServices(IdentityExtensions.Service)] IDocumentStore store)
{
    public const string Collection = "organizations";

    public Task<bool> ApplyAsync(DirectoryOrganization organization, DateTimeOffset at, CancellationToken ct) =>
        store.ApplyIfNewerAsync(new DocumentChange(
            Collection, organization.Id.ToString(), organization.Version, JsonSerializer.Serialize(organization, JsonSerializerOptions.Web), at), ct);

    public async Task<DirectoryOrganization?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<DirectoryOrganization>(stored.Json, JsonSerializerOptions.Web);
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct) => (await store.SummarizeAsync(Collection, ct)).Count == 0;
}
