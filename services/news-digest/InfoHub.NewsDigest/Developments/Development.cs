using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Resolutions;

namespace InfoHub.NewsDigest.Developments;

/// <summary>The UN bodies a development comes from.</summary>
public enum UnOrgan { SecurityCouncil, GeneralAssembly, HumanRightsCouncil, SecretaryGeneral, PeacebuildingCommission, RegionalOrganization }

internal static class UnOrgans
{
    public static readonly WireNames<UnOrgan> Names = new(new Dictionary<UnOrgan, string>
    {
        [UnOrgan.SecurityCouncil] = "security-council",
        [UnOrgan.GeneralAssembly] = "general-assembly",
        [UnOrgan.HumanRightsCouncil] = "human-rights-council",
        [UnOrgan.SecretaryGeneral] = "secretary-general",
        [UnOrgan.PeacebuildingCommission] = "peacebuilding-commission",
        [UnOrgan.RegionalOrganization] = "regional-organization",
    });

    public static IEnumerable<string> All => Enum.GetValues<UnOrgan>().Select(Names.Of);
}

/// <summary>
/// A development at the UN, as the secretariat wrote it up. The Markdown is kept as written and rendered once, when
/// written, into <see cref="BodyHtml"/> (see <see cref="MarkdownHtml"/>), so a read or a feed never renders.
/// </summary>
public sealed record Development
{
    public Guid Id { get; init; }
    public required string Headline { get; init; }
    public required string Summary { get; init; }
    /// <summary>Markdown.</summary>
    public string Body { get; init; } = "";
    /// <summary><see cref="Body"/> rendered and sanitized.</summary>
    public string BodyHtml { get; init; } = "";
    /// <summary>The day it happened.</summary>
    public required DateOnly Date { get; init; }
    public string? Link { get; init; }
    /// <summary>A wire name of <see cref="UnOrgan"/>.</summary>
    public required string Organ { get; init; }
    /// <summary>The directory's situation ids.</summary>
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    /// <summary>The BCP 47 tag of the language it is written in.</summary>
    public required string Language { get; init; }
    public IReadOnlyDictionary<string, DevelopmentText> Translations { get; init; } = new Dictionary<string, DevelopmentText>();
    /// <summary>UN document symbols, canonical.</summary>
    public IReadOnlyList<string> Documents { get; init; } = [];
    public bool Demo { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public T State<T>(Guid eventId) where T : DevelopmentState
    {
        DevelopmentState state = new DevelopmentPublished
        {
            EventId = eventId, DevelopmentId = Id, Version = Version, OccurredAt = UpdatedAt,
            Headline = Headline, Summary = Summary, Body = Body, Date = Date, Link = Link, Organ = Organ, Situations = Situations,
            Themes = Themes, Language = Language, Documents = Documents, Demo = Demo,
            Translations = Translations.ToDictionary(t => t.Key, t => new DevelopmentTranslation { Headline = t.Value.Headline, Summary = t.Value.Summary, Body = t.Value.Body }),
        };
        return (T)(typeof(T) == typeof(DevelopmentUpdated) ? new DevelopmentUpdated(state) : state);
    }
}

/// <summary>A development in another language.</summary>
public sealed record DevelopmentText(string Headline, string Summary, string Body, string BodyHtml);
