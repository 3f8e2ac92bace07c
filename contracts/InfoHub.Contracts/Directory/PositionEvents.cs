namespace InfoHub.Contracts.Directory;

/// <summary>
/// An organization's <b>public</b> position on a situation, whole, after it was stated or changed. Positions visible
/// only to members or to the secretariat never travel on the bus.
/// </summary>
public sealed record PositionPublished
{
    public required Guid EventId { get; init; }
    public required Guid PositionId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string SituationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Statement { get; init; }
    public required DateOnly StatedOn { get; init; }
    public string? Link { get; init; }
    /// <summary>Codes of the responses vocabulary: prevention, diplomatic-pressure, sanctions, …</summary>
    public IReadOnlyList<string> Responses { get; init; } = [];
}

/// <summary>
/// A position is no longer public: it was withdrawn, its organization removed, or its visibility narrowed to members
/// or the secretariat. Consumers drop their copy.
/// </summary>
public sealed record PositionWithdrawn
{
    public required Guid EventId { get; init; }
    public required Guid PositionId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string SituationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
