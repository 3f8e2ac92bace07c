namespace InfoHub.Contracts.Directory;

/// <summary>
/// A new organization joined the directory. Carries the whole public profile so that
/// replicas never need to call back. <see cref="Version"/> starts at 1 and grows by one
/// with every change to the same organization; consumers apply an event only when its
/// version is newer than what they hold.
/// </summary>
public sealed record OrganizationRegistered
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
