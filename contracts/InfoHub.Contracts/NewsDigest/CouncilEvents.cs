namespace InfoHub.Contracts.NewsDigest;

/// <summary>The Security Council's fifteen members in a year, whole, with their terms: published when the hub first knows the year or its members change.</summary>
public sealed record CouncilCompositionChanged
{
    public required Guid EventId { get; init; }
    public required int Year { get; init; }
    /// <summary>Grows with every change to the year's composition.</summary>
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>In the order the presidency rotates (English alphabetical order of the names).</summary>
    public required IReadOnlyList<CouncilMemberState> Members { get; init; }
    /// <summary>Where the facts come from.</summary>
    public required string Source { get; init; }
}

/// <param name="Country">ISO 3166-1 alpha-2 code.</param>
/// <param name="TermStarts">An elected member's first year; null for a permanent member.</param>
public sealed record CouncilMemberState(string Country, string Name, bool Permanent, int? TermStarts, int? TermEnds);

/// <summary>Who presides over the Council in a month (<c>2026-03</c>).</summary>
public sealed record CouncilPresidencyAssigned
{
    public required Guid EventId { get; init; }
    /// <summary>Year and month, <c>2026-03</c>.</summary>
    public required string Month { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required CouncilMemberState President { get; init; }
}
