using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.NewsDigest;

/// <summary>
/// A Security Council resolution (or draft) as the news-digest service tracks it, whole: its symbols, subject, status
/// and every step it went through, each with its date and, for a vote, the ballots known.
/// </summary>
public abstract record ResolutionState
{
    public required Guid EventId { get; init; }
    public required Guid ResolutionId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The adopted resolution's symbol, e.g. <c>S/RES/1674 (2006)</c>; null until it has one.</summary>
    public string? Symbol { get; init; }
    /// <summary>The draft's symbol, e.g. <c>S/2026/123</c>, when it was circulated under one.</summary>
    public string? DraftSymbol { get; init; }
    public required string Title { get; init; }
    /// <summary>The directory's situation id ("darfur") when the resolution is about a situation.</summary>
    public string? SituationId { get; init; }
    /// <summary>The thematic item ("Protection of civilians in armed conflict") when it is not about one situation.</summary>
    public string? ThematicItem { get; init; }
    public bool RefersToResponsibilityToProtect { get; init; }
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>draft, under-negotiation, in-blue, adopted, failed, vetoed or withdrawn.</summary>
    public required string Status { get; init; }
    public required DateOnly StatusOn { get; init; }
    /// <summary>Every step, oldest first.</summary>
    public required IReadOnlyList<ResolutionStepState> History { get; init; }
}

/// <param name="Status">draft, under-negotiation, in-blue, adopted, failed, vetoed or withdrawn.</param>
/// <param name="Vote">The ballots known, for a vote's outcome (adopted, failed, vetoed).</param>
public sealed record ResolutionStepState(string Status, DateOnly On, ResolutionVoteState? Vote = null);

/// <summary>How the Council's members voted, by ISO 3166-1 alpha-2 code; a member not named is not known.</summary>
public sealed record ResolutionVoteState
{
    public IReadOnlyList<string> InFavour { get; init; } = [];
    public IReadOnlyList<string> Against { get; init; } = [];
    public IReadOnlyList<string> Abstaining { get; init; } = [];
    public IReadOnlyList<string> NotParticipating { get; init; } = [];
}

/// <summary>A resolution was first recorded or took a step (its <see cref="ResolutionState.Status"/> is the new one).</summary>
public sealed record ResolutionStatusChanged : ResolutionState
{
    public ResolutionStatusChanged() { }

    [SetsRequiredMembers]
    public ResolutionStatusChanged(ResolutionState state) : base(state) { }
}

/// <summary>A resolution's symbols, title, subject or links were corrected; its status did not change.</summary>
public sealed record ResolutionUpdated : ResolutionState
{
    public ResolutionUpdated() { }

    [SetsRequiredMembers]
    public ResolutionUpdated(ResolutionState state) : base(state) { }
}
