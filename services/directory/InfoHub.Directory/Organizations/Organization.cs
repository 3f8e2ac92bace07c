using InfoHub.Contracts.Directory;

namespace InfoHub.Directory.Organizations;

/// <summary>An organization's profile as the directory stores and serves it.</summary>
public sealed record Organization
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Acronym { get; init; }
    public required string Country { get; init; }
    public string? Description { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public OrganizationRegistered Registered(Guid eventId) => new()
    {
        EventId = eventId, OrganizationId = Id, Version = Version, OccurredAt = UpdatedAt,
        Name = Name, Acronym = Acronym, Country = Country, Description = Description,
    };

    public OrganizationUpdated Updated(Guid eventId) => new()
    {
        EventId = eventId, OrganizationId = Id, Version = Version, OccurredAt = UpdatedAt,
        Name = Name, Acronym = Acronym, Country = Country, Description = Description,
    };
}
