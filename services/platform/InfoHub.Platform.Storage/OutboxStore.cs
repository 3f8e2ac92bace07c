namespace InfoHub.Platform.Storage;

/// <summary>
/// The store's side of the transactional outbox: the events a change caused, written with it (see
/// <see cref="IDocumentStore.SaveAsync"/>), until the relay has them confirmed by the broker. Both adapters keep one row
/// per message, so a document with many pending events (a long broker outage) grows no single record.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Messages not yet confirmed by the broker and not parked, oldest first; one document's messages always in the order
    /// they were written. Messages of the documents in <paramref name="excluding"/> (backing off after a failed publish)
    /// are left out, so that they take no room from the others.
    /// </summary>
    Task<IReadOnlyList<PendingMessage>> GetPendingAsync(int max, IReadOnlyCollection<DocumentKey>? excluding, CancellationToken ct);

    Task MarkSentAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct);

    /// <summary>
    /// Sets a message that can never be published (an unknown type, an unreadable payload) aside with the reason: no longer
    /// pending, listed by <see cref="GetParkedAsync"/> for an operator.
    /// </summary>
    Task ParkAsync(PendingMessage message, string reason, CancellationToken ct);

    /// <summary>Parked messages, oldest first.</summary>
    Task<IReadOnlyList<ParkedMessage>> GetParkedAsync(int max, CancellationToken ct);

    /// <summary>Makes parked messages pending again (once their cause is fixed); returns how many were parked.</summary>
    Task<int> UnparkAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>How many messages are pending and how many parked.</summary>
    Task<OutboxCounts> CountOutboxAsync(CancellationToken ct);

    /// <summary>
    /// Takes or renews the named lease for <paramref name="holder"/> until <paramref name="duration"/> from now, when it is
    /// free, expired or already the holder's; false when another holder has it. Several processes sharing one store use it
    /// so that only one relays the outbox at a time.
    /// </summary>
    Task<bool> TryHoldLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken ct);
}

public sealed record OutboxMessage(Guid Id, string MessageType, string Payload, DateTimeOffset CreatedAt, string? TraceParent = null, string? TraceState = null);

/// <summary>A document, named by its collection and id.</summary>
public readonly record struct DocumentKey(string Collection, string Id);

/// <summary>An outbox message with the document it belongs to.</summary>
public sealed record PendingMessage(OutboxMessage Message, string Collection, string DocumentId)
{
    public DocumentKey Document => new(Collection, DocumentId);
}

public sealed record ParkedMessage(PendingMessage Pending, DateTimeOffset ParkedAt, string Reason);

public sealed record OutboxCounts(int Pending, int Parked);
