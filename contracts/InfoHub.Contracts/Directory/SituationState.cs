using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.Directory;

/// <summary>
/// A named crisis or country situation the secretariat curates ("Darfur", "Democratic Republic of the Congo").
/// <see cref="SituationId"/> is a stable lower-case code ("darfur") that filters and partner systems keep.
/// </summary>
public abstract record SituationState
{
    public required Guid EventId { get; init; }
    public required string SituationId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Name { get; init; }
    /// <summary>The name in other languages, by BCP 47 tag.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string? Description { get; init; }
}

/// <summary>The secretariat defined a new situation.</summary>
public sealed record SituationDefined : SituationState
{
    public SituationDefined() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public SituationDefined(SituationState state) : base(state) { }
}

/// <summary>A situation's name, countries or description changed. Also republished for snapshots.</summary>
public sealed record SituationUpdated : SituationState
{
    public SituationUpdated() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public SituationUpdated(SituationState state) : base(state) { }
}
