namespace InfoHub.Contracts.Directory;

/// <summary>
/// The organization left the directory. Its id is never reused; its activities and positions went with it.
/// <see cref="Version"/> is newer than any event about it before, so a late older event is ignored.
/// </summary>
public sealed record OrganizationRemoved
{
    public required Guid EventId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
