namespace InfoHub.Contracts.Directory;

/// <summary>
/// An organization's public profile changed. State-carrying: the full profile after the change.
/// </summary>
public sealed record OrganizationUpdated
{
    public required Guid EventId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Name { get; init; }
    public string? Acronym { get; init; }
    /// <summary>Headquarters country, ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    public string? Description { get; init; }
}
