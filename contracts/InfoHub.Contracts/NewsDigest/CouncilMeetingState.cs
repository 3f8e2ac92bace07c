using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.NewsDigest;

/// <summary>
/// A meeting on the Security Council's programme of work, as the secretariat last recorded it. Its subject is either a
/// situation (the directory's <see cref="SituationId"/>, such as "darfur") or a thematic item ("Protection of civilians
/// in armed conflict"), never both. A moved meeting keeps its <see cref="MeetingId"/>.
/// </summary>
public abstract record CouncilMeetingState
{
    public required Guid EventId { get; init; }
    public required Guid MeetingId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the meeting starts, in UTC (the Council meets in New York: see <see cref="TimeZone"/>).</summary>
    public required DateTimeOffset StartsAt { get; init; }
    /// <summary>The IANA time zone the meeting was scheduled in: "America/New_York".</summary>
    public required string TimeZone { get; init; }
    public int? DurationMinutes { get; init; }
    /// <summary>briefing, consultations, open-debate, adoption or arria-formula.</summary>
    public required string Format { get; init; }
    public string? SituationId { get; init; }
    public string? ThematicItem { get; init; }
    public string? Title { get; init; }
    /// <summary>UN document symbols in their canonical form, e.g. "S/2026/123".</summary>
    public IReadOnlyList<string> Documents { get; init; } = [];
    /// <summary>scheduled or cancelled.</summary>
    public required string Status { get; init; }
    public string? Note { get; init; }
}

/// <summary>The secretariat put a meeting on the Council's programme of work.</summary>
public sealed record CouncilMeetingScheduled : CouncilMeetingState
{
    public CouncilMeetingScheduled() { }

    [SetsRequiredMembers]
    public CouncilMeetingScheduled(CouncilMeetingState state) : base(state) { }
}

/// <summary>A meeting moved, or its format, subject, title, documents or note changed.</summary>
public sealed record CouncilMeetingChanged : CouncilMeetingState
{
    public CouncilMeetingChanged() { }

    [SetsRequiredMembers]
    public CouncilMeetingChanged(CouncilMeetingState state) : base(state) { }
}

/// <summary>A meeting was taken off the programme; it stays on record with the status "cancelled".</summary>
public sealed record CouncilMeetingCancelled : CouncilMeetingState
{
    public CouncilMeetingCancelled() { }

    [SetsRequiredMembers]
    public CouncilMeetingCancelled(CouncilMeetingState state) : base(state) { }
}

/// <summary>
/// A meeting on a situation starts within <see cref="LeadTime"/> (48 hours unless configured otherwise): the cue for
/// agenda-driven alerts. Published once per meeting and start; a moved meeting is announced again for its new time.
/// </summary>
public sealed record CouncilMeetingApproaching : CouncilMeetingState
{
    public CouncilMeetingApproaching() { }

    [SetsRequiredMembers]
    public CouncilMeetingApproaching(CouncilMeetingState state, TimeSpan leadTime) : base(state) => LeadTime = leadTime;

    /// <summary>How long before the start the announcement is made (as configured, not the time left when it was made).</summary>
    public required TimeSpan LeadTime { get; init; }
}
