namespace InfoHub.Contracts.Directory;

/// <summary>
/// The public profile of an organization as its events carry it: the whole state after the change, so that replicas
/// never call back. <see cref="Version"/> starts at 1 and grows with every change to the organization (its profile or
/// its activities); consumers apply an event only when its version is newer than what they hold.
/// Fields added after the first release are optional, so an older consumer still reads newer events.
/// </summary>
public abstract record OrganizationState
{
    public required Guid EventId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>
    /// When the organization joined the directory. A consumer that learns of it only from a later update or a snapshot
    /// dates its arrival by this, not by the event. Absent from events of directories older than this field.
    /// </summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    public required string Name { get; init; }
    public string? Acronym { get; init; }
    /// <summary>Headquarters country, ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    public string? Description { get; init; }

    /// <summary>Name, acronym and description in other languages, by BCP 47 tag ("fr", "es", "pt-BR").</summary>
    public IReadOnlyDictionary<string, OrganizationTranslation> Translations { get; init; } = new Dictionary<string, OrganizationTranslation>();
    public string? Website { get; init; }
    public string? LogoUrl { get; init; }
    /// <summary>Languages the organization works in, BCP 47.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
    /// <summary>Codes of the directory's vocabularies (<c>GET /api/directory/vocabularies</c>).</summary>
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public string? Scope { get; init; }
    /// <summary>UN M49 region codes where it works.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];
    /// <summary>ISO 3166-1 alpha-2 codes of the countries where it works.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<string> Functions { get; init; } = [];
    public OrganizationMembership? Membership { get; init; }
    /// <summary>True for the embedded host's demonstration data, never for a real organization.</summary>
    public bool Demo { get; init; }
}

public sealed record OrganizationTranslation
{
    public string? Name { get; init; }
    public string? Acronym { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// Network membership. Participation is modular: an organization takes part in the working groups and campaigns it
/// names, and may opt out of any campaign (<see cref="OptedOutOf"/>).
/// </summary>
public sealed record OrganizationMembership
{
    /// <summary>member, partner-coalition, observer or former.</summary>
    public required string Status { get; init; }
    public DateOnly? JoinedOn { get; init; }
    public IReadOnlyList<string> WorkingGroups { get; init; } = [];
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public IReadOnlyList<string> OptedOutOf { get; init; } = [];
}
