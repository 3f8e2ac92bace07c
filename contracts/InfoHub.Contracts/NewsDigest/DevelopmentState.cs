using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.NewsDigest;

/// <summary>
/// A development at the UN the secretariat reports to the network (a Council meeting's outcome, a statement, a report),
/// as its events carry it: the whole state after the change, so a consumer (the digest, the resources service) never
/// calls back. <see cref="Version"/> starts at 1 and grows with every edit; apply an event only when it is newer.
/// </summary>
public abstract record DevelopmentState
{
    public required Guid EventId { get; init; }
    public required Guid DevelopmentId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Headline { get; init; }
    public required string Summary { get; init; }
    /// <summary>Markdown, as written; render it (sanitized) before showing it.</summary>
    public string Body { get; init; } = "";
    /// <summary>The day it happened (not the day it was written up).</summary>
    public required DateOnly Date { get; init; }
    /// <summary>An absolute http(s) address of the source, when there is one.</summary>
    public string? Link { get; init; }
    /// <summary>security-council, general-assembly, human-rights-council, secretary-general, peacebuilding-commission or regional-organization.</summary>
    public required string Organ { get; init; }
    /// <summary>The directory's situation ids ("darfur").</summary>
    public IReadOnlyList<string> Situations { get; init; } = [];
    /// <summary>Lower-case theme codes ("protection-of-civilians").</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];
    /// <summary>The BCP 47 tag of the language it is written in.</summary>
    public required string Language { get; init; }
    /// <summary>The same development in other languages, by BCP 47 tag.</summary>
    public IReadOnlyDictionary<string, DevelopmentTranslation> Translations { get; init; } = new Dictionary<string, DevelopmentTranslation>();
    /// <summary>UN document symbols in their canonical form ("S/RES/2417 (2018)").</summary>
    public IReadOnlyList<string> Documents { get; init; } = [];
    /// <summary>True for the embedded host's demonstration data, never for a real development.</summary>
    public bool Demo { get; init; }
}

public sealed record DevelopmentTranslation
{
    public required string Headline { get; init; }
    public required string Summary { get; init; }
    /// <summary>Markdown.</summary>
    public string Body { get; init; } = "";
}

/// <summary>The secretariat published a new development.</summary>
public sealed record DevelopmentPublished : DevelopmentState
{
    public DevelopmentPublished() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public DevelopmentPublished(DevelopmentState state) : base(state) { }
}

/// <summary>A published development was edited (a correction, a translation added).</summary>
public sealed record DevelopmentUpdated : DevelopmentState
{
    public DevelopmentUpdated() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public DevelopmentUpdated(DevelopmentState state) : base(state) { }
}
