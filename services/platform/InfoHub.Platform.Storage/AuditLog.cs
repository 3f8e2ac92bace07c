namespace InfoHub.Platform.Storage;

/// <summary>
/// One entry of a store's audit log: its id (a version-7 GUID, so ids sort by time), when, who, what, to which
/// subject, and the whole entry as JSON.
/// </summary>
public sealed record AuditRecord(string Id, DateTimeOffset At, string Actor, string Action, string Subject, string Json);

/// <summary>
/// Which audit entries to read, newest first. Each filter narrows: <see cref="Actor"/> and <see cref="Action"/> exactly,
/// <see cref="Subject"/> itself and everything under it (<c>organization/7</c> also finds <c>organization/7/position/3</c>),
/// <see cref="From"/> inclusive and <see cref="To"/> exclusive. <see cref="Text"/> is a case-insensitive substring of the
/// entry, checked only on the rows the other filters select (it has no index of its own).
/// </summary>
/// <param name="After">A <see cref="AuditPage.Next"/> cursor: continue with older entries.</param>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Subject = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    string? After = null,
    int Limit = 50)
{
    public const int MaxLimit = 1000;
}

/// <param name="Next">The cursor for the next (older) page when this one is full; null at the end.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? Next);

/// <summary>
/// A service's audit log: append-only, kept on disk (never in the search index), read by time, actor, action and subject
/// through the store's indexes, and trimmed only by retention. An entry is appended in the same atomic write as the change
/// it records: pass <see cref="Write"/> among the writes of <see cref="IDocumentStore.SaveAllAsync"/>.
/// </summary>
public interface IAuditLog
{
    Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken ct);

    /// <summary>Deletes the entries older than <paramref name="cutoff"/> (retention, after their export); how many went.</summary>
    Task<long> DeleteAuditBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}

/// <summary>How an audit entry travels through <see cref="IDocumentStore.SaveAllAsync"/> to the store's audit log.</summary>
public static class AuditLog
{
    /// <summary>The reserved collection name: a write to it is appended to the audit log, never stored as a document.</summary>
    public const string Collection = "audit";

    private const string ActorFacet = "actor", ActionFacet = "action", SubjectFacet = "subject";

    /// <summary>The entry as one of the writes of <see cref="IDocumentStore.SaveAllAsync"/>.</summary>
    public static DocumentWrite Write(AuditRecord record) => new(
        new DocumentChange(Collection, record.Id, 1, record.Json, record.At, Facets: new Dictionary<string, IReadOnlyList<string>>
        {
            [ActorFacet] = [record.Actor],
            [ActionFacet] = [record.Action],
            [SubjectFacet] = [record.Subject],
        }),
        []);

    /// <summary>The audit entry a write carries, or null for an ordinary document write.</summary>
    public static AuditRecord? Read(DocumentChange change)
    {
        if (change.Collection != Collection) return null;
        string Facet(string name) => change.Facets?.GetValueOrDefault(name) is [var value] ? value
            : throw new ArgumentException($"An audit write needs exactly one '{name}'.", nameof(change));
        return new AuditRecord(change.Id, change.UpdatedAt, Facet(ActorFacet), Facet(ActionFacet), Facet(SubjectFacet), change.Json);
    }

    /// <summary>The upper bound, exclusive, of the subjects under <paramref name="subject"/>: '0' follows '/'.</summary>
    public static string SubjectsUnder(string subject) => subject + "0";

    /// <summary>A cursor is an entry's id; anything else is refused before it reaches a query.</summary>
    public static bool IsCursor(string? value) => value is null || Guid.TryParseExact(value, "D", out _);
}
