using System.Text.Json.Serialization;
using InfoHub.Contracts.Directory;

namespace InfoHub.Directory.Organizations;

/// <summary>
/// An organization's directory entry as the directory stores it: the public profile and what it is doing
/// (<see cref="Activities"/>). Positions are kept apart, each with its own visibility.
/// </summary>
public sealed record Organization
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Acronym { get; init; }
    public IReadOnlyDictionary<string, OrganizationTranslation> Translations { get; init; } = new Dictionary<string, OrganizationTranslation>();
    public string? Website { get; init; }
    /// <summary>Headquarters country, ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public string? LogoUrl { get; init; }
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public string? Scope { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<string> Functions { get; init; } = [];
    public OrganizationMembership? Membership { get; init; }
    /// <summary>Demonstration data of the embedded host, never a real organization's entry.</summary>
    public bool Demo { get; init; }
    /// <summary>Its activities, newest first; left out of search results, which carry <see cref="ActivityCount"/> only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Activity>? Activities { get; init; } = [];
    public int ActivityCount { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public Organization WithProfile(OrganizationProfile p) => this with
    {
        Name = p.Name, Acronym = p.Acronym, Translations = p.Translations, Website = p.Website, Country = p.Country,
        Description = p.Description, Languages = p.Languages, LogoUrl = p.LogoUrl, Sectors = p.Sectors, Scope = p.Scope,
        Regions = p.Regions, Countries = p.Countries, Themes = p.Themes, Functions = p.Functions, Membership = p.Membership,
    };

    public OrganizationProfile ToProfile() => new(Name, Acronym, Country, Description)
    {
        Translations = Translations, Website = Website, Languages = Languages, LogoUrl = LogoUrl, Sectors = Sectors, Scope = Scope,
        Regions = Regions, Countries = Countries, Themes = Themes, Functions = Functions, Membership = Membership,
    };

    /// <summary>The whole state as <typeparamref name="T"/> (registered or updated).</summary>
    public T State<T>(Guid eventId) where T : OrganizationState
    {
        OrganizationState state = new OrganizationRegistered
        {
        EventId = eventId, OrganizationId = Id, Version = Version, OccurredAt = UpdatedAt,
        Name = Name, Acronym = Acronym, Country = Country, Description = Description, Translations = Translations,
        Website = Website, LogoUrl = LogoUrl, Languages = Languages, Sectors = Sectors, Scope = Scope, Regions = Regions,
        Countries = Countries, Themes = Themes, Functions = Functions, Membership = Membership, Demo = Demo,
        };
        return (T)(typeof(T) == typeof(OrganizationUpdated) ? new OrganizationUpdated(state) : state);
    }

    public OrganizationRemoved Removed(Guid eventId) => new() { EventId = eventId, OrganizationId = Id, Version = Version, OccurredAt = UpdatedAt };

    /// <summary>The entry without its activities, as search results list it.</summary>
    public Organization Summary() => this with { Activities = null };

    /// <summary>Its activities: never null once stored.</summary>
    [JsonIgnore]
    public IReadOnlyList<Activity> AllActivities => Activities ?? [];

    public Organization WithActivities(IReadOnlyList<Activity> activities) => this with { Activities = activities, ActivityCount = activities.Count };
}

/// <summary>Something an organization is doing: where, on what, when.</summary>
public sealed record Activity
{
    public required Guid Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Situations { get; init; } = [];
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string? Link { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public T State<T>(Guid eventId, Guid organization) where T : ActivityState
    {
        ActivityState state = new ActivityRecorded
        {
        EventId = eventId, ActivityId = Id, OrganizationId = organization, Version = Version, OccurredAt = UpdatedAt,
        Title = Title, Description = Description, Themes = Themes, Countries = Countries, Situations = Situations,
        StartsOn = StartsOn, EndsOn = EndsOn, Link = Link,
        };
        return (T)(typeof(T) == typeof(ActivityUpdated) ? new ActivityUpdated(state) : state);
    }

    public ActivityRemoved Removed(Guid eventId, Guid organization, DateTimeOffset at) =>
        new() { EventId = eventId, ActivityId = Id, OrganizationId = organization, Version = Version + 1, OccurredAt = at };
}
