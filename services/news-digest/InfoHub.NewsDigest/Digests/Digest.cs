using System.Text.Json.Serialization;
using InfoHub.Contracts.NewsDigest;

namespace InfoHub.NewsDigest.Digests;

/// <summary>
/// The secretariat's periodic digest: what happened at the UN in a period, what is coming up at the Council, where
/// resolutions stand and what moved in the network. A draft is edited freely by the secretariat; once published it is
/// public and never edited again — a correction is an erratum, published as its own event.
/// </summary>
public sealed record Digest
{
    public required Guid Id { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    /// <summary>draft or published.</summary>
    public required string Status { get; init; }
    public required string Language { get; init; }
    public required string Title { get; init; }
    public string? Introduction { get; init; }
    public IReadOnlyDictionary<string, DigestText> Translations { get; init; } = new Dictionary<string, DigestText>();
    public required IReadOnlyList<DigestItem> Items { get; init; }
    public IReadOnlyList<DigestErratum> Errata { get; init; } = [];
    /// <summary>"schedule" when the scheduled job drafted it, else the secretariat account's subject.</summary>
    public required string DraftedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public bool Demo { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Every language the digest can be read in: its own first, then its translations'.</summary>
    public IReadOnlyList<string> Languages => [Language, .. Translations.Keys.Order(StringComparer.Ordinal)];

    [JsonIgnore]
    public bool IsPublished => Status == DigestStatus.Published;

    public DigestPublished Published(Guid eventId) => new()
    {
        EventId = eventId, DigestId = Id, Version = Version, OccurredAt = UpdatedAt, From = From, To = To, Status = Status,
        Language = Language, Title = Title, Introduction = Introduction,
        Translations = Translations.ToDictionary(t => t.Key, t => new DigestTextState(t.Value.Title, t.Value.Introduction)),
        Items = Items.Select(i => i.State()).ToList(), Errata = Errata.Select(e => e.State()).ToList(), PublishedAt = PublishedAt,
    };
}

public static class DigestStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
}

/// <summary>The sections a digest is made of, in the order it reads.</summary>
public static class DigestSections
{
    public const string Developments = "developments";
    public const string CouncilAgenda = "council-agenda";
    public const string Calendar = "calendar";
    public const string Resolutions = "resolutions";
    public const string Network = "network";
    public const string Note = "note";

    public static readonly IReadOnlyList<string> InOrder = [Note, Developments, CouncilAgenda, Calendar, Resolutions, Network];
}

public sealed record DigestText(string Title, string? Introduction);

/// <summary>
/// One entry of a digest. <see cref="Source"/> says which record (and, for what came from another service, which event)
/// it was drafted from; the secretariat's own notes have none.
/// </summary>
public sealed record DigestItem
{
    public required Guid Id { get; init; }
    public required string Section { get; init; }
    public required string Headline { get; init; }
    public string? Summary { get; init; }
    public string? Link { get; init; }
    /// <summary>The language of <see cref="Headline"/> and <see cref="Summary"/>; <see cref="Translations"/> holds others.</summary>
    public required string Language { get; init; }
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyDictionary<string, DigestItemText> Translations { get; init; } = new Dictionary<string, DigestItemText>();
    public DigestSource? Source { get; init; }
    /// <summary>When what it reports happened or will happen; orders the draft within a section.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>The headline and summary in <paramref name="language"/> where the item has them, else as written.</summary>
    public DigestItemText In(string language) =>
        language == Language || !Translations.TryGetValue(language, out var text) ? new(Headline, Summary) : text;

    public DigestItemState State() => new(Id, Section, Headline, Summary, Link, Language, Situations, Themes,
        Translations.ToDictionary(t => t.Key, t => new DigestItemTextState(t.Value.Headline, t.Value.Summary)),
        Source?.Kind, Source?.Id, Source?.Version, Source?.EventId);
}

public sealed record DigestItemText(string Headline, string? Summary);

/// <param name="Kind">development, meeting, resolution, organization, activity or position.</param>
/// <param name="Id">The record's id in the service that owns it.</param>
/// <param name="Version">The record's version the item was drafted from.</param>
/// <param name="EventId">The event it was learned from, for what another service announced.</param>
public sealed record DigestSource(string Kind, string Id, long Version, Guid? EventId = null);

public sealed record DigestErratum(Guid Id, DateTimeOffset PublishedAt, string Text, Guid? ItemId, IReadOnlyDictionary<string, string> Translations)
{
    public DigestErratumState State() => new(Id, PublishedAt, Text, ItemId, Translations);
}
