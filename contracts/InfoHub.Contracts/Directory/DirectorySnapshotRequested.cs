namespace InfoHub.Contracts.Directory;

/// <summary>
/// A command to the directory: republish the current state of every organization (or its removal), activity,
/// situation and public position, so a new or rebuilt consumer can catch up. The republished events carry their
/// usual versions, so consumers that are already up to date ignore them.
/// </summary>
public sealed record DirectorySnapshotRequested
{
    public required Guid RequestId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    /// <summary>Who asked: a service name, or the secretariat account.</summary>
    public required string RequestedBy { get; init; }
}
