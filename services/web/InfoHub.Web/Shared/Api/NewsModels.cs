namespace InfoHub.Web.Shared.Api;

// The news digest's answers as the portal reads them (GET /openapi/news-digest.json); fields it does not show are left out.

/// <summary>A page of a news list (developments or resolutions), with counts by facet and the cursor of the next page.</summary>
public sealed record NewsPage<T>(IReadOnlyList<T> Items, int Count, int Total, string? Next)
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();
}

public sealed record Development
{
    public required Guid Id { get; init; }
    public required string Headline { get; init; }
    public required string Summary { get; init; }
    /// <summary>Rendered from Markdown and sanitized by the news service: the only field a page writes as HTML.</summary>
    public string BodyHtml { get; init; } = "";
    public required DateOnly Date { get; init; }
    public string? Link { get; init; }
    public required string Organ { get; init; }
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public required string Language { get; init; }
    public IReadOnlyDictionary<string, DevelopmentText> Translations { get; init; } = new Dictionary<string, DevelopmentText>();
    public IReadOnlyList<string> Documents { get; init; } = [];

    /// <summary>The text in <paramref name="language"/> when it is written or translated in it, else as written.</summary>
    public DevelopmentText In(string language) =>
        Translations.GetValueOrDefault(language) ?? new DevelopmentText(Headline, Summary, BodyHtml);

    /// <summary>The language of <see cref="In"/>'s answer.</summary>
    public string ShownLanguage(string language) => Translations.ContainsKey(language) ? language : Language;

    /// <summary>The language it is written in, then its translations.</summary>
    public IEnumerable<string> Languages => Translations.Keys.Where(l => l != Language).Order(StringComparer.Ordinal).Prepend(Language);
}

/// <summary>A development in one language; <see cref="BodyHtml"/> is sanitized by the news service.</summary>
public sealed record DevelopmentText(string Headline, string Summary, string BodyHtml);

public sealed record CouncilMember(string Country, string Name, bool Permanent, int? TermStarts, int? TermEnds);

public sealed record CouncilYear(int Year, IReadOnlyList<CouncilMember> Members);

/// <summary>A month of the programme of work: who sits and presides (when the hub knows), and the meetings in time order.</summary>
public sealed record ProgrammeMonth(string Month, CouncilMember? President, IReadOnlyList<CouncilMember> Members, IReadOnlyList<Meeting> Meetings);

public sealed record UpcomingMeetings(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Meeting> Meetings);

public sealed record Meeting
{
    public required Guid Id { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    /// <summary>The same instant in New York, where the Council meets, with New York's offset that day.</summary>
    public required DateTimeOffset StartsAtLocal { get; init; }
    public required string Format { get; init; }
    public string? SituationId { get; init; }
    public string? ThematicItem { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Documents { get; init; } = [];
    public required string Status { get; init; }
    public string? Note { get; init; }

    public bool Cancelled => Status == "cancelled";
}

public sealed record Resolution
{
    public required Guid Id { get; init; }
    public string? Symbol { get; init; }
    public string? DraftSymbol { get; init; }
    public required string Title { get; init; }
    public string? SituationId { get; init; }
    public string? ThematicItem { get; init; }
    public bool RefersToResponsibilityToProtect { get; init; }
    public IReadOnlyList<string> Links { get; init; } = [];
    /// <summary>Every step, oldest first.</summary>
    public IReadOnlyList<ResolutionStep> History { get; init; } = [];
    public required string Status { get; init; }
    public DateOnly StatusOn { get; init; }
    public ResolutionVote? Vote { get; init; }
}

public sealed record ResolutionStep(string Status, DateOnly On, ResolutionVote? Vote);

/// <summary>A vote's ballots: ISO 3166-1 alpha-2 codes of the members in each column.</summary>
public sealed record ResolutionVote
{
    public IReadOnlyList<string> InFavour { get; init; } = [];
    public IReadOnlyList<string> Against { get; init; } = [];
    public IReadOnlyList<string> Abstaining { get; init; } = [];
    public IReadOnlyList<string> NotParticipating { get; init; } = [];
    public string Tally { get; init; } = "";

    /// <summary>Each column with its ballot's wire name, in the order the UN reports a vote.</summary>
    public IEnumerable<(string Ballot, IReadOnlyList<string> Members)> Columns =>
        [("in-favour", InFavour), ("against", Against), ("abstaining", Abstaining), ("not-participating", NotParticipating)];

    /// <summary>How <paramref name="country"/> voted (a ballot's wire name), or null when its ballot is not recorded.</summary>
    public string? BallotOf(string country) => Columns.FirstOrDefault(c => c.Members.Contains(country, StringComparer.OrdinalIgnoreCase)).Ballot;
}

/// <summary>The secretariat's agenda watch (<c>GET /api/news/agenda-watch</c>): situations the Council has left aside for <see cref="Days"/> days.</summary>
public sealed record AgendaWatchReport(int Days, DateTimeOffset AsOf, DateTimeOffset Since, IReadOnlyList<AgendaWatchEntry> Neglected, IReadOnlyList<AgendaWatchEntry> ComingUp);

public sealed record AgendaWatchEntry(string SituationId, string Name, IReadOnlyDictionary<string, string> Names, MeetingMention? LastMeeting, int? DaysSince,
    MeetingMention? NextMeeting)
{
    /// <summary>The situation's name in <paramref name="language"/> where the directory has one.</summary>
    public string NameIn(string language) => Names.GetValueOrDefault(language, Name);
}

public sealed record MeetingMention(Guid Id, DateTimeOffset StartsAt, DateTimeOffset StartsAtLocal, string Format);
