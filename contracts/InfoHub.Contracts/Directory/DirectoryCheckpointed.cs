namespace InfoHub.Contracts.Directory;

/// <summary>
/// The directory's state in brief, published every few minutes (when its outbox has nothing left to send) and at the end
/// of every snapshot: for organizations and situations, how many it holds (removed ones included) and the sum of their
/// versions. Neither ever shrinks, so a consumer whose copy sums to less has missed events — a queue lost while it was
/// away, say — and asks for a snapshot.
/// </summary>
public sealed record DirectoryCheckpointed
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DirectoryCollectionSummary Organizations { get; init; }
    public required DirectoryCollectionSummary Situations { get; init; }
}

/// <param name="Count">Records, removed ones included.</param>
/// <param name="VersionSum">The sum of their versions.</param>
public sealed record DirectoryCollectionSummary(long Count, long VersionSum);

/// <summary>The directory has republished everything a <see cref="DirectorySnapshotRequested"/> asked for.</summary>
public sealed record DirectorySnapshotCompleted
{
    public required Guid RequestId { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
    /// <summary>How many events the snapshot republished.</summary>
    public required long Published { get; init; }
}
