using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.Directory;

/// <summary>
/// What an organization is doing: one activity, whole. <see cref="Version"/> counts the changes to this activity.
/// </summary>
public abstract record ActivityState
{
    public required Guid EventId { get; init; }
    public required Guid ActivityId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Themes { get; init; } = [];
    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    /// <summary>Ids of the directory's situations (<c>GET /api/directory/situations</c>).</summary>
    public IReadOnlyList<string> Situations { get; init; } = [];
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string? Link { get; init; }
}

/// <summary>An organization recorded a new activity.</summary>
public sealed record ActivityRecorded : ActivityState
{
    public ActivityRecorded() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public ActivityRecorded(ActivityState state) : base(state) { }
}

/// <summary>An activity changed: its full state after the change. Also republished for snapshots.</summary>
public sealed record ActivityUpdated : ActivityState
{
    public ActivityUpdated() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public ActivityUpdated(ActivityState state) : base(state) { }
}

/// <summary>An activity was taken off the directory (also when its organization was removed).</summary>
public sealed record ActivityRemoved
{
    public required Guid EventId { get; init; }
    public required Guid ActivityId { get; init; }
    public required Guid OrganizationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
