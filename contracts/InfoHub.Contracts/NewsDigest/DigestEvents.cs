namespace InfoHub.Contracts.NewsDigest;

/// <summary>A digest as published, whole: its period, texts, items in order (each with where it came from) and errata.</summary>
public abstract record DigestState
{
    public required Guid EventId { get; init; }
    public required Guid DigestId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    /// <summary>draft or published.</summary>
    public required string Status { get; init; }
    /// <summary>The language the digest is written in (BCP 47); <see cref="Translations"/> holds the others.</summary>
    public required string Language { get; init; }
    public required string Title { get; init; }
    public string? Introduction { get; init; }
    public IReadOnlyDictionary<string, DigestTextState> Translations { get; init; } = new Dictionary<string, DigestTextState>();
    public required IReadOnlyList<DigestItemState> Items { get; init; }
    public IReadOnlyList<DigestErratumState> Errata { get; init; } = [];
    public DateTimeOffset? PublishedAt { get; init; }
}

public sealed record DigestTextState(string Title, string? Introduction);

/// <param name="Language">The language of the headline and summary; the translations hold others.</param>
/// <param name="Section">developments, council-agenda, resolutions, network or note.</param>
/// <param name="SourceKind">development, meeting, resolution, organization, activity or position; null for the secretariat's own note.</param>
/// <param name="SourceId">The record's id in the service that owns it.</param>
/// <param name="SourceEventId">The event the item was learned from, when it came from another service's event.</param>
public sealed record DigestItemState(
    Guid Id, string Section, string Headline, string? Summary, string? Link, string Language,
    IReadOnlyList<string> Situations, IReadOnlyList<string> Themes,
    IReadOnlyDictionary<string, DigestItemTextState> Translations,
    string? SourceKind, string? SourceId, long? SourceVersion, Guid? SourceEventId);

public sealed record DigestItemTextState(string Headline, string? Summary);

/// <param name="ItemId">The item it corrects, when it corrects one.</param>
public sealed record DigestErratumState(Guid Id, DateTimeOffset PublishedAt, string Text, Guid? ItemId, IReadOnlyDictionary<string, string> Translations);

/// <summary>A draft digest was prepared (by the schedule or by the secretariat): for the secretariat to review. Drafts are not public.</summary>
public sealed record DigestDrafted
{
    public required Guid EventId { get; init; }
    public required Guid DigestId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required string Title { get; init; }
    public required int ItemCount { get; init; }
    /// <summary>"schedule" when the scheduled job drafted it, else the secretariat account's subject.</summary>
    public required string DraftedBy { get; init; }
}

/// <summary>The secretariat published a digest: from now on it is public and never edited, only corrected by errata.</summary>
public sealed record DigestPublished : DigestState;

/// <summary>A correction to a published digest, published as its own event; the digest's items stay as they were sent.</summary>
public sealed record DigestErratumPublished
{
    public required Guid EventId { get; init; }
    public required Guid DigestId { get; init; }
    /// <summary>The digest's version once the erratum is attached.</summary>
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DigestErratumState Erratum { get; init; }
}
