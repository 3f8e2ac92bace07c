using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using InfoHub.Contracts.Directory;

namespace InfoHub.Directory.Organizations;

/// <summary>
/// An organization's directory entry as the directory stores it: the public profile and what it is doing
/// (<see cref="Activities"/>). Positions are kept apart, each with its own visibility.
/// </summary>
public sealed record Organization : OrganizationProfile
{
    [JsonPropertyOrder(-1)]
    public required Guid Id { get; init; }
    /// <summary>Demonstration data of the embedded host, never a real organization's entry.</summary>
    [JsonPropertyOrder(1)]
    public bool Demo { get; init; }
    /// <summary>Its activities, newest first; left out of search results, which carry <see cref="ActivityCount"/> only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(2)]
    public IReadOnlyList<Activity>? Activities { get; init; } = [];
    [JsonPropertyOrder(3)]
    public int ActivityCount { get; init; }
    [JsonPropertyOrder(4)]
    public required long Version { get; init; }
    [JsonPropertyOrder(5)]
    public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyOrder(6)]
    public required DateTimeOffset UpdatedAt { get; init; }

    public Organization() { }

    /// <summary>A new entry with <paramref name="profile"/>'s fields, whichever they are; the caller sets the bookkeeping.</summary>
    [SetsRequiredMembers]
    private Organization(OrganizationProfile profile, Organization bookkeeping) : base(profile)
    {
        Id = bookkeeping.Id;
        Demo = bookkeeping.Demo;
        Activities = bookkeeping.Activities;
        ActivityCount = bookkeeping.ActivityCount;
        Version = bookkeeping.Version;
        CreatedAt = bookkeeping.CreatedAt;
        UpdatedAt = bookkeeping.UpdatedAt;
    }

    /// <summary>This entry with every profile field taken from <paramref name="profile"/> (a profile field is declared once, on <see cref="OrganizationProfile"/>).</summary>
    public Organization WithProfile(OrganizationProfile profile) => new(profile, this);

    /// <summary>The whole state as <typeparamref name="T"/> (registered or updated).</summary>
    public T State<T>(Guid eventId) where T : OrganizationState
    {
        OrganizationState state = new OrganizationRegistered
        {
        EventId = eventId, OrganizationId = Id, Version = Version, OccurredAt = UpdatedAt, RegisteredAt = CreatedAt,
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
