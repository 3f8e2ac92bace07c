using System.Security.Claims;
using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Http;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Positions;

/// <summary>
/// An organization's position on a situation. Taking one is never required, and each has a visibility:
/// <c>public</c>, <c>members</c> (people of the network) or <c>secretariat</c>. The organization's own members always see theirs.
/// </summary>
public sealed record Position
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string SituationId { get; init; }
    public required string Statement { get; init; }
    public required DateOnly StatedOn { get; init; }
    public string? Link { get; init; }
    public IReadOnlyList<string> Responses { get; init; } = [];
    public required string Visibility { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public bool IsPublic => Visibility == Visibilities.Public;

    public PositionPublished Published(Guid eventId) => new()
    {
        EventId = eventId, PositionId = Id, OrganizationId = OrganizationId, SituationId = SituationId, Version = Version,
        OccurredAt = UpdatedAt, Statement = Statement, StatedOn = StatedOn, Link = Link, Responses = Responses,
    };

    public PositionWithdrawn Withdrawn(Guid eventId) => new()
    {
        EventId = eventId, PositionId = Id, OrganizationId = OrganizationId, SituationId = SituationId, Version = Version, OccurredAt = UpdatedAt,
    };
}

public static class Visibilities
{
    public const string Public = "public";
    public const string Members = "members";
    public const string Secretariat = "secretariat";

    /// <summary>
    /// The audience values a caller may see; a position carries its visibility and "org:{its organization}".
    /// Null means everything (the secretariat).
    /// </summary>
    public static IReadOnlyList<string>? AudienceOf(ClaimsPrincipal user)
    {
        if (user.IsSecretariat()) return null;
        if (!user.IsInRole(Access.Roles.Member)) return [Public];
        return Guid.TryParse(user.FindFirst(Access.OrganizationClaim)?.Value, out var own) ? [Public, Members, OwnerAudience(own)] : [Public, Members];
    }

    public static string OwnerAudience(Guid organization) => $"org:{organization}";
}

public sealed record PositionInput
{
    public string? SituationId { get; init; }
    public string? Statement { get; init; }
    public string? StatedOn { get; init; }
    public string? Link { get; init; }
    public List<string?>? Responses { get; init; }
    public string? Visibility { get; init; }

    public (ValidPosition? Valid, FieldErrors Errors) Validate(bool situationExists)
    {
        var errors = new FieldErrors();
        var situation = errors.Text("situationId", SituationId, 60, required: true);
        if (situation is not null && !situationExists) errors.Add("situationId", $"'{situation}' is not a situation of GET /api/directory/situations.");
        var statement = errors.Text("statement", Statement, 4_000, min: 2, required: true);
        var statedOn = errors.Date("statedOn", StatedOn, required: true);
        var link = errors.Link("link", Link);
        var responses = errors.Codes("responses", Responses, Vocabulary.Responses);
        var visibility = errors.Code("visibility", Visibility, Vocabulary.Visibility, required: true);
        return errors.Any ? (null, errors) : (new ValidPosition(situation!, statement!, statedOn!.Value, link, responses, visibility!), errors);
    }
}

public sealed record ValidPosition(string SituationId, string Statement, DateOnly StatedOn, string? Link, IReadOnlyList<string> Responses, string Visibility);

/// <summary>Stores positions; publishes public ones, and withdraws them from the bus when they stop being public.</summary>
public sealed class PositionStore([FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "positions";
    public const string OrganizationFacet = "organization";
    public const string SituationFacet = "situation";
    public const string AudienceFacet = "audience";

    /// <param name="audit">The audit entry of the change (given the position before, none here, and after), saved in the same transaction.</param>
    public async Task<Position> StateAsync(Guid organization, ValidPosition valid, CancellationToken ct, Func<Position?, Position, DocumentWrite>? audit = null)
    {
        var now = clock.GetUtcNow();
        var position = Apply(new Position
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organization, SituationId = valid.SituationId, Statement = valid.Statement,
            StatedOn = valid.StatedOn, Visibility = valid.Visibility, Version = 1, CreatedAt = now, UpdatedAt = now,
        }, valid);
        await store.SaveAllAsync([new DocumentWrite(ToChange(position), Events(null, position)), .. audit is null ? [] : new[] { audit(null, position) }], ct);
        return position;
    }

    public async Task<(Position? Updated, long? CurrentVersion)> UpdateAsync(Guid organization, Guid id, ValidPosition valid, long? expectedVersion, CancellationToken ct,
        Func<Position?, Position, DocumentWrite>? audit = null)
    {
        while (true)
        {
            var current = await GetAsync(organization, id, ct);
            if (current is null) return (null, null);
            if (expectedVersion is { } expected && expected != current.Version) return (null, current.Version);
            var updated = Apply(current, valid) with { Version = current.Version + 1, UpdatedAt = clock.GetUtcNow() };
            try
            {
                await store.SaveAllAsync([new DocumentWrite(ToChange(updated), Events(current, updated)), .. audit is null ? [] : new[] { audit(current, updated) }], ct);
                return (updated, updated.Version);
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null)
            {
                // Another writer won; apply this change on top of theirs.
            }
        }
    }

    /// <summary>Takes the position off the directory. False when it does not exist.</summary>
    public async Task<bool> WithdrawAsync(Guid organization, Guid id, CancellationToken ct, Func<Position, DocumentWrite>? audit = null)
    {
        while (true)
        {
            var current = await GetAsync(organization, id, ct);
            if (current is null) return false;
            try
            {
                await store.SaveAllAsync([Removal(current, clock.GetUtcNow()), .. audit is null ? [] : new[] { audit(current) }], ct);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                // Changed meanwhile: withdraw what is there now.
            }
        }
    }

    /// <summary>The position, when it belongs to <paramref name="organization"/>.</summary>
    public async Task<Position?> GetAsync(Guid organization, Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        var position = stored is null ? null : JsonSerializer.Deserialize<Position>(stored.Json, JsonSerializerOptions.Web);
        return position?.OrganizationId == organization ? position : null;
    }

    /// <summary>Positions matching <paramref name="filters"/> that <paramref name="audience"/> may see, most recently changed first.</summary>
    public async Task<PositionPage> SearchAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, IReadOnlyList<string>? audience,
        int limit, string? after, CancellationToken ct)
    {
        var all = new Dictionary<string, IReadOnlyList<string>>(filters);
        if (audience is not null) all[AudienceFacet] = audience;
        var found = await store.SearchAsync(Collection, new SearchQuery(null, limit, SearchOrder.Newest, all, After: after), ct);
        var items = found.Items.Select(d => JsonSerializer.Deserialize<Position>(d.Json, JsonSerializerOptions.Web)!).ToList();
        return new PositionPage(items, items.Count, found.Total, found.Next);
    }

    /// <summary>The writes that withdraw every position of an organization, for its removal.</summary>
    public async Task<IReadOnlyList<DocumentWrite>> RemovalsForAsync(Guid organization, DateTimeOffset at, CancellationToken ct)
    {
        var writes = new List<DocumentWrite>();
        string? after = null;
        do
        {
            var page = await SearchAsync(new Dictionary<string, IReadOnlyList<string>> { [OrganizationFacet] = [organization.ToString()] },
                audience: null, SearchQuery.MaxLimit, after, ct);
            writes.AddRange(page.Items.Select(p => Removal(p, at)));
            after = page.Next;
        } while (after is not null);
        return writes;
    }

    private static DocumentWrite Removal(Position current, DateTimeOffset at)
    {
        var removed = current with { Version = current.Version + 1, UpdatedAt = at };
        return new DocumentWrite(ToChange(removed) with { Deleted = true, SearchText = null, Facets = null },
            current.IsPublic ? [Message(removed.Withdrawn(Guid.NewGuid()), at)] : []);
    }

    private static IReadOnlyList<OutboxMessage> Events(Position? before, Position after) =>
        after.IsPublic ? [Message(after.Published(Guid.NewGuid()), after.UpdatedAt)]
        : before?.IsPublic == true ? [Message(after.Withdrawn(Guid.NewGuid()), after.UpdatedAt)]
        : []; // never public: nothing travels on the bus

    private static OutboxMessage Message(object @event, DateTimeOffset at) =>
        OutboxMessages.Create(@event, @event switch { PositionPublished p => p.EventId, PositionWithdrawn w => w.EventId, _ => Guid.NewGuid() }, at);

    private static Position Apply(Position position, ValidPosition valid) => position with
    {
        SituationId = valid.SituationId, Statement = valid.Statement, StatedOn = valid.StatedOn, Link = valid.Link,
        Responses = valid.Responses, Visibility = valid.Visibility,
    };

    private static DocumentChange ToChange(Position position) => new(
        Collection, position.Id.ToString(), position.Version, JsonSerializer.Serialize(position, JsonSerializerOptions.Web), position.UpdatedAt,
        SearchText: position.Statement,
        SortKey: position.StatedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Facets: new Dictionary<string, IReadOnlyList<string>>
        {
            [OrganizationFacet] = [position.OrganizationId.ToString()],
            [SituationFacet] = [position.SituationId],
            [AudienceFacet] = [position.Visibility, Visibilities.OwnerAudience(position.OrganizationId)],
        });
}

public sealed record PositionPage(IReadOnlyList<Position> Items, int Count, int Total, string? Next);
