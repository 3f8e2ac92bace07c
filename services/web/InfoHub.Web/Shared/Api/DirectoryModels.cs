namespace InfoHub.Web.Shared.Api;

// The directory's answers as the portal reads them (GET /openapi/directory.json); fields it does not show are left out.

public sealed record OrganizationPage(IReadOnlyList<Organization> Items, int Count, int Total, string? Next)
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();
}

public sealed record Organization
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Acronym { get; init; }
    public required string Country { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, OrganizationTranslation> Translations { get; init; } = new Dictionary<string, OrganizationTranslation>();
    public string? Website { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public string? Scope { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<string> Functions { get; init; } = [];
    public string? LogoUrl { get; init; }
    public Membership? Membership { get; init; }
    public bool Demo { get; init; }
    /// <summary>The entry's version: sent back as <c>If-Match</c> so a change made meanwhile by someone else is not overwritten unseen.</summary>
    public long Version { get; init; }
    public IReadOnlyList<Activity> Activities { get; init; } = [];
    public int ActivityCount { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record OrganizationTranslation(string? Name, string? Acronym, string? Description);

public sealed record Membership(string Status, DateOnly? JoinedOn)
{
    public IReadOnlyList<string> WorkingGroups { get; init; } = [];
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public IReadOnlyList<string> OptedOutOf { get; init; } = [];
}

public sealed record Activity
{
    public required Guid Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Situations { get; init; } = [];
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string? Link { get; init; }
}

public sealed record Position
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required string SituationId { get; init; }
    public required string Statement { get; init; }
    public DateOnly? StatedOn { get; init; }
    public string? Link { get; init; }
    public IReadOnlyList<string> Responses { get; init; } = [];
    public required string Visibility { get; init; }
}

public sealed record PositionPage(IReadOnlyList<Position> Items, int Total);

public sealed record Situation
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string? Description { get; init; }
}

public sealed record SituationPage(IReadOnlyList<Situation> Items, int Total, string? Next);

public sealed record SituationView(Situation Situation, OrganizationPage Organizations, IReadOnlyList<SituationPosition> Positions);

public sealed record SituationPosition(Position Position, string OrganizationName);

/// <summary>A term of one of the directory's vocabularies, labelled in English, French and Spanish.</summary>
public sealed record Term(string Code, IReadOnlyDictionary<string, string> Labels, string? Parent);

/// <summary>How an import treats its rows (the API's <c>kind</c>, <c>dryRun</c>, <c>mode</c> and <c>duplicates</c>).</summary>
public sealed record ImportChoices(string? Kind, bool DryRun, bool Replace, bool CreateDuplicates);

public sealed record ImportReport(
    bool DryRun, int AcceptedCount, int RejectedCount, int CreatedCount, int UpdatedCount, int UnchangedCount, int DuplicateCount,
    IReadOnlyList<ImportedRow> Accepted, IReadOnlyList<RejectedRow> Rejected, IReadOnlyList<DuplicateRow> Duplicates);

/// <param name="Action">created, updated or unchanged.</param>
public sealed record ImportedRow(string Row, string Kind, Guid Id, string Action);

public sealed record RejectedRow(string Row, string Kind, IReadOnlyDictionary<string, string[]> Errors);

public sealed record DuplicateRow(string Row, string Kind, Guid ExistingId, string ExistingName, string MatchedOn, string? ExistingRow);
