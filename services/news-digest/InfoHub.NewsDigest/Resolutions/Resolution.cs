using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Council;
using InfoHub.NewsDigest.Documents;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Resolutions;

/// <summary>
/// A Security Council resolution, or a draft on its way to becoming one, as the secretariat tracks it: its symbols, what it
/// is about, whether it refers to the responsibility to protect, and every step of its history with the vote where known.
/// </summary>
public sealed record Resolution
{
    public required Guid Id { get; init; }
    /// <summary>The adopted resolution's symbol (<c>S/RES/1674 (2006)</c>); null until it has one.</summary>
    public string? Symbol { get; init; }
    /// <summary>The draft's symbol (<c>S/2026/123</c>), when it was circulated under one.</summary>
    public string? DraftSymbol { get; init; }
    public required string Title { get; init; }
    public string? SituationId { get; init; }
    public string? ThematicItem { get; init; }
    public bool RefersToResponsibilityToProtect { get; init; }
    public IReadOnlyList<string> Links { get; init; } = [];
    /// <summary>Every step, oldest first; never rewritten.</summary>
    public required IReadOnlyList<ResolutionStepView> History { get; init; }
    public bool Demo { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Where it stands now: its last step's status.</summary>
    public string Status => History.Count == 0 ? "" : History[^1].Status;

    public DateOnly StatusOn => History.Count == 0 ? default : History[^1].On;

    /// <summary>The vote that decided it, when it was put to one and the ballots are known.</summary>
    public ResolutionVoteView? Vote => History.Count == 0 ? null : History[^1].Vote;

    [JsonIgnore]
    public ResolutionHistory Steps => new(History.Select(s => s.ToStep()).ToList());

    public T State<T>(Guid eventId) where T : ResolutionState
    {
        ResolutionState state = new ResolutionStatusChanged
        {
            EventId = eventId, ResolutionId = Id, Version = Version, OccurredAt = UpdatedAt,
            Symbol = Symbol, DraftSymbol = DraftSymbol, Title = Title, SituationId = SituationId, ThematicItem = ThematicItem,
            RefersToResponsibilityToProtect = RefersToResponsibilityToProtect, Links = Links,
            Status = Status, StatusOn = StatusOn,
            History = History.Select(s => new ResolutionStepState(s.Status, s.On, s.Vote?.State())).ToList(),
        };
        return (T)(typeof(T) == typeof(ResolutionUpdated) ? new ResolutionUpdated(state) : state);
    }
}

public sealed record ResolutionStepView(string Status, DateOnly On, ResolutionVoteView? Vote = null)
{
    public static ResolutionStepView Of(ResolutionStep step) => new(step.Status.Name(), step.On, step.Vote is null ? null : ResolutionVoteView.Of(step.Vote));

    public ResolutionStep ToStep()
    {
        ResolutionStatuses.TryParse(Status, out var status);
        return new ResolutionStep(status, On, Vote?.ToVote());
    }
}

/// <summary>A vote as the API shows it: the members (ISO 3166-1 alpha-2 codes) in each column, and how many.</summary>
public sealed record ResolutionVoteView
{
    public IReadOnlyList<string> InFavour { get; init; } = [];
    public IReadOnlyList<string> Against { get; init; } = [];
    public IReadOnlyList<string> Abstaining { get; init; } = [];
    public IReadOnlyList<string> NotParticipating { get; init; } = [];

    /// <summary>"13–0–2": in favour, against, abstaining, as the UN reports a vote.</summary>
    public string Tally => $"{InFavour.Count}–{Against.Count}–{Abstaining.Count}";

    public static ResolutionVoteView Of(CouncilVote vote)
    {
        List<string> Column(Ballot ballot) => vote.ByMember.Where(m => m.Value == ballot).Select(m => m.Key).Order(StringComparer.Ordinal).ToList();
        return new() { InFavour = Column(Ballot.InFavour), Against = Column(Ballot.Against), Abstaining = Column(Ballot.Abstaining), NotParticipating = Column(Ballot.NotParticipating) };
    }

    public CouncilVote ToVote() => new(new[] { (InFavour, Ballot.InFavour), (Against, Ballot.Against), (Abstaining, Ballot.Abstaining), (NotParticipating, Ballot.NotParticipating) }
        .SelectMany(c => c.Item1.Select(country => (country, c.Item2)))
        .ToDictionary(m => m.country, m => m.Item2, StringComparer.Ordinal));

    public ResolutionVoteState State() => new() { InFavour = InFavour, Against = Against, Abstaining = Abstaining, NotParticipating = NotParticipating };
}

/// <summary>A vote as a client sends it: each column a list of ISO 3166-1 alpha-2 codes; members left out are not known.</summary>
public sealed partial record VoteInput
{
    public List<string?>? InFavour { get; init; }
    public List<string?>? Against { get; init; }
    public List<string?>? Abstaining { get; init; }
    public List<string?>? NotParticipating { get; init; }

    /// <summary>The ballots by member; errors name <c>vote.inFavour[2]</c> for a malformed code, <c>vote.XX</c> for a member named twice.</summary>
    public CouncilVote? Read(FieldErrors errors)
    {
        var byMember = new Dictionary<string, Ballot>(StringComparer.Ordinal);
        foreach (var (column, name, ballot) in new[] { (InFavour, "inFavour", Ballot.InFavour), (Against, "against", Ballot.Against),
                     (Abstaining, "abstaining", Ballot.Abstaining), (NotParticipating, "notParticipating", Ballot.NotParticipating) })
        {
            for (var i = 0; i < (column?.Count ?? 0); i++)
            {
                var code = column![i]?.Trim().ToUpperInvariant();
                if (code is null || !CountryCode().IsMatch(code))
                    errors.Add($"vote.{name}[{i}]", "Each voter is an ISO 3166-1 alpha-2 country code, such as \"FR\".");
                else if (!byMember.TryAdd(code, ballot)) errors.Add($"vote.{code}", $"'{code}' is named more than once.");
            }
        }
        if (byMember.Count == 0) errors.Add("vote", "A vote names at least one member's ballot; leave 'vote' out when none is known.");
        return errors.Any ? null : new CouncilVote(byMember);
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}

/// <summary>What a resolution is and is about: its symbols, title, subject, the R2P reference and links (POST and PUT).</summary>
public partial record ResolutionDetailsInput
{
    public string? Symbol { get; init; }
    public string? DraftSymbol { get; init; }
    public string? Title { get; init; }
    public string? SituationId { get; init; }
    public string? ThematicItem { get; init; }
    public bool? RefersToResponsibilityToProtect { get; init; }
    public List<string?>? Links { get; init; }

    public const int MaxLinks = 10;

    /// <summary>The details, checked and canonical (symbols as the UN writes them), applied to <paramref name="resolution"/>.</summary>
    /// <param name="knownSituations">The directory's situations among those named (<see cref="SituationReplicas.KnownAsync"/>).</param>
    public Resolution Apply(Resolution resolution, FieldErrors errors, IReadOnlySet<string> knownSituations)
    {
        var symbol = ResolutionSymbol(errors, "symbol", Symbol);
        var draft = ParseSymbol(errors, "draftSymbol", DraftSymbol, UnSymbolKind.CouncilDocument, "a Council document's, such as \"S/2026/123\"");
        var situation = string.IsNullOrWhiteSpace(SituationId) ? null : SituationId.Trim();
        var thematic = errors.Text("thematicItem", ThematicItem, 200, min: 3);
        if (situation is not null && !SituationIdPattern().IsMatch(situation))
            errors.Add("situationId", "'situationId' is a situation's id in the directory, such as \"darfur\".");
        else if (situation is not null) SituationReplicas.CheckKnown(errors, "situationId", situation, knownSituations);
        if ((situation is null) == (thematic is null))
            errors.Add("situationId", "Give what the resolution is about: either 'situationId' (a situation) or 'thematicItem' (a thematic item), not both.");
        var links = new List<string>();
        for (var i = 0; i < (Links?.Count ?? 0); i++)
        {
            var link = Links![i]?.Trim();
            if (link is { Length: <= 500 } && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0) links.Add(uri.AbsoluteUri);
            else errors.Add($"links[{i}]", "Each link is an absolute http or https address of at most 500 characters.");
        }
        if (links.Count > MaxLinks) errors.Add("links", $"At most {MaxLinks} links.");
        return resolution with
        {
            Symbol = symbol, DraftSymbol = draft, Title = errors.Text("title", Title, 300, min: 3, required: true) ?? "",
            SituationId = situation, ThematicItem = thematic,
            RefersToResponsibilityToProtect = RefersToResponsibilityToProtect ?? false, Links = links.Distinct().ToList(),
        };
    }

    /// <summary>A Council resolution's symbol, canonical; null (and an error when one was given) otherwise.</summary>
    public static string? ResolutionSymbol(FieldErrors errors, string field, string? text) =>
        ParseSymbol(errors, field, text, UnSymbolKind.CouncilResolution, "a Council resolution's, such as \"S/RES/1674 (2006)\"");

    private static string? ParseSymbol(FieldErrors errors, string field, string? text, UnSymbolKind kind, string expected)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!UnSymbol.TryParse(text, out var parsed, out var error)) errors.Add(field, error!);
        else if (parsed.Kind != kind) errors.Add(field, $"'{parsed.Canonical}' is not {expected}.");
        else return parsed.Canonical;
        return null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SituationIdPattern();
}

/// <summary>A new resolution: its details and the first step the secretariat knows of (any status: tracking may start late).</summary>
public sealed record ResolutionInput : ResolutionDetailsInput
{
    public string? Status { get; init; }
    public DateOnly? On { get; init; }
    public VoteInput? Vote { get; init; }

    public StepInput FirstStep => new() { Status = Status, On = On, Vote = Vote };
}

/// <summary>A step a resolution took: its new status, the day, and the vote when it was one. Adoption may bring the symbol.</summary>
public sealed record StepInput
{
    public string? Status { get; init; }
    public DateOnly? On { get; init; }
    public VoteInput? Vote { get; init; }
    /// <summary>The symbol the resolution was given on adoption.</summary>
    public string? Symbol { get; init; }

    /// <summary>
    /// The resolution with this step added, or null with the reasons: an impossible move, a step dated before the last or
    /// after today, a vote that does not fit that day's Council or the outcome, an S/RES symbol on what was not adopted.
    /// </summary>
    public Resolution? AddTo(Resolution resolution, CouncilComposition council, DateOnly today, FieldErrors errors)
    {
        if (!ResolutionStatuses.TryParse(Status, out var status))
            errors.Add("status", $"'status' is one of {string.Join(", ", Enum.GetValues<ResolutionStatus>().Select(s => s.Name()))}.");
        if (On is not { } on) errors.Add("on", "'on' is the day of the step, such as \"2026-03-12\".");
        else if (on > today.AddDays(1)) errors.Add("on", $"{on:yyyy-MM-dd} has not come yet: record a step once it happened.");
        var vote = Vote?.Read(errors);
        var symbol = Symbol is null ? resolution.Symbol : ResolutionDetailsInput.ResolutionSymbol(errors, "symbol", Symbol);
        if (errors.Any) return null;

        var history = resolution.Steps.With(new ResolutionStep(status, On!.Value, vote), council, errors);
        if (history is null) return null;
        var next = resolution with { History = history.Steps.Select(ResolutionStepView.Of).ToList(), Symbol = symbol };
        CheckSymbolFitsStatus(next, errors);
        return errors.Any ? null : next;
    }

    /// <summary>An S/RES symbol belongs to an adopted resolution, of the year it was adopted.</summary>
    public static void CheckSymbolFitsStatus(Resolution resolution, FieldErrors errors)
    {
        if (resolution.Symbol is null || !UnSymbol.TryParse(resolution.Symbol, out var symbol, out _)) return;
        var adopted = resolution.History.FirstOrDefault(s => s.Status == ResolutionStatus.Adopted.Name());
        if (adopted is null)
            errors.Add("symbol", $"Only an adopted resolution has an S/RES symbol; this one is {resolution.Status}.");
        else if (symbol.Year != adopted.On.Year)
            errors.Add("symbol", $"{symbol.Canonical} names {symbol.Year}, but the resolution was adopted on {adopted.On:yyyy-MM-dd}.");
    }
}
