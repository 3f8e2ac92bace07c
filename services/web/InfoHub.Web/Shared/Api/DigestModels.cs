namespace InfoHub.Web.Shared.Api;

// The news digest's digests as the portal reads them (GET /openapi/news-digest.json); fields it does not show are left out.

/// <summary>A digest in a list: what it covers, without its items.</summary>
public sealed record DigestSummary(Guid Id, DateOnly From, DateOnly To, string Status, string Title, IReadOnlyList<string> Languages,
    int ItemCount, int ErrataCount, DateTimeOffset? PublishedAt, bool Demo, long Version)
{
    public bool IsPublished => Status == Digest.Published;
}

/// <summary>
/// A digest, whole (as the secretariat edits it) or as one reader gets it (<c>?language=</c>, <c>situation</c>,
/// <c>theme</c>): then its title, introduction, items and errata are in that language where they have it.
/// </summary>
public sealed record Digest
{
    public const string Draft = "draft";
    public const string Published = "published";

    public required Guid Id { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required string Status { get; init; }
    /// <summary>The language it is written in; <see cref="Translations"/> hold its title and introduction in others.</summary>
    public required string Language { get; init; }
    public required string Title { get; init; }
    public string? Introduction { get; init; }
    public IReadOnlyDictionary<string, DigestText> Translations { get; init; } = new Dictionary<string, DigestText>();
    public IReadOnlyList<DigestItem> Items { get; init; } = [];
    public IReadOnlyList<DigestErratum> Errata { get; init; } = [];
    public DateTimeOffset? PublishedAt { get; init; }
    public bool Demo { get; init; }
    public required long Version { get; init; }

    public bool IsPublished => Status == Published;

    /// <summary>Every language it can be read in: its own first, then its translations'.</summary>
    public IReadOnlyList<string> Languages => [Language, .. Translations.Keys.Where(l => l != Language).Order(StringComparer.Ordinal)];

    /// <summary>The sections that have items, in the order a digest reads, each with its items in their order.</summary>
    public IEnumerable<(string Section, IReadOnlyList<DigestItem> Items)> Sections =>
        DigestSections.InOrder.Select(s => (s, (IReadOnlyList<DigestItem>)[.. Items.Where(i => i.Section == s)])).Where(s => s.Item2.Count > 0);
}

public sealed record DigestText(string Title, string? Introduction);

public sealed record DigestItem
{
    public required Guid Id { get; init; }
    public required string Section { get; init; }
    public required string Headline { get; init; }
    public string? Summary { get; init; }
    public string? Link { get; init; }
    public required string Language { get; init; }
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyDictionary<string, DigestItemText> Translations { get; init; } = new Dictionary<string, DigestItemText>();
}

public sealed record DigestItemText(string Headline, string? Summary);

public sealed record DigestErratum(Guid Id, DateTimeOffset PublishedAt, string Text, Guid? ItemId, IReadOnlyDictionary<string, string> Translations);

/// <summary>The sections of a digest in the order it reads, by the news digest's codes, and their headings (interface texts).</summary>
public static class DigestSections
{
    public const string Note = "note";

    public static readonly IReadOnlyList<string> InOrder = [Note, "developments", "council-agenda", "calendar", "resolutions", "network"];

    private static readonly Dictionary<string, string> Headings = new()
    {
        [Note] = "From the secretariat", ["developments"] = "At the UN", ["council-agenda"] = "Coming up at the Security Council",
        ["calendar"] = "Coming up in the network", ["resolutions"] = "Resolutions", ["network"] = "In the network",
    };

    /// <summary>A section's heading, to be translated by the page; a section the portal does not know yet shows as its code.</summary>
    public static string Heading(string section) => Headings.GetValueOrDefault(section, section);

    public static IEnumerable<string> AllHeadings => Headings.Values;
}

/// <summary>A draft as the secretariat sends it back (<c>PUT /api/news/digests/{id}</c>): the items in order; an item without id is a new note.</summary>
public sealed record DigestChange(string? Title, string? Introduction, IReadOnlyDictionary<string, DigestText> Translations, IReadOnlyList<DigestItemChange> Items);

public sealed record DigestItemChange(Guid? Id, string Section, string? Headline, string? Summary, string? Link, string? Language,
    IReadOnlyList<string> Situations, IReadOnlyList<string> Themes, IReadOnlyDictionary<string, DigestItemText> Translations);
