using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.NewsDigest;

/// <summary>
/// An event of the network's calendar that is not a Council meeting (a UN day, a network roundtable, a media
/// opportunity, a training, a deadline), as the secretariat last recorded it. An all-day event has
/// <see cref="StartDate"/> (and <see cref="EndDate"/>) only; a timed one also has the instants <see cref="StartsAt"/>
/// (and <see cref="EndsAt"/>), with the offset they were given in. A changed event keeps its <see cref="CalendarEventId"/>.
/// </summary>
public abstract record CalendarEventState
{
    public required Guid EventId { get; init; }
    public required Guid CalendarEventId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>un-day, roundtable, media-opportunity, training, deadline or other.</summary>
    public required string Kind { get; init; }
    public required string Title { get; init; }
    /// <summary>Plain text.</summary>
    public string? Description { get; init; }
    public required bool AllDay { get; init; }
    /// <summary>The day it starts (for a timed event, the day in the offset it was given in).</summary>
    public required DateOnly StartDate { get; init; }
    /// <summary>The last day, inclusive, of an all-day event that lasts several days.</summary>
    public DateOnly? EndDate { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? Location { get; init; }
    public string? Link { get; init; }
    /// <summary>The directory's situation ids.</summary>
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? Organizer { get; init; }
    /// <summary>The BCP 47 tag of <see cref="Title"/> and <see cref="Description"/>.</summary>
    public required string Language { get; init; }
    /// <summary>By BCP 47 tag.</summary>
    public IReadOnlyDictionary<string, CalendarEventText> Translations { get; init; } = new Dictionary<string, CalendarEventText>();
    /// <summary>scheduled or cancelled.</summary>
    public required string Status { get; init; }
}

public sealed record CalendarEventText(string Title, string? Description);

/// <summary>The secretariat put an event on the network's calendar.</summary>
public sealed record CalendarEventScheduled : CalendarEventState
{
    public CalendarEventScheduled() { }

    [SetsRequiredMembers]
    public CalendarEventScheduled(CalendarEventState state) : base(state) { }
}

/// <summary>An event moved, or its title, description, place, link or tags changed.</summary>
public sealed record CalendarEventChanged : CalendarEventState
{
    public CalendarEventChanged() { }

    [SetsRequiredMembers]
    public CalendarEventChanged(CalendarEventState state) : base(state) { }
}

/// <summary>An event was called off; it stays on record with the status "cancelled".</summary>
public sealed record CalendarEventCancelled : CalendarEventState
{
    public CalendarEventCancelled() { }

    [SetsRequiredMembers]
    public CalendarEventCancelled(CalendarEventState state) : base(state) { }
}
