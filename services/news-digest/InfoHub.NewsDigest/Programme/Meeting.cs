using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Documents;
using InfoHub.NewsDigest.Resolutions;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Programme;

/// <summary>The kinds of meeting on the Council's programme of work.</summary>
public enum MeetingFormat { Briefing, Consultations, OpenDebate, Adoption, ArriaFormula }

public static class MeetingFormats
{
    private static readonly WireNames<MeetingFormat> Names = new(new Dictionary<MeetingFormat, string>
    {
        [MeetingFormat.Briefing] = "briefing",
        [MeetingFormat.Consultations] = "consultations",
        [MeetingFormat.OpenDebate] = "open-debate",
        [MeetingFormat.Adoption] = "adoption",
        [MeetingFormat.ArriaFormula] = "arria-formula",
    });

    public static string WireName(this MeetingFormat format) => Names.Of(format);

    public static bool TryParse(string? name, out MeetingFormat format) => Names.TryParse(name, out format);

    /// <summary>"Open debate", for a calendar entry's title.</summary>
    public static string Label(string wireName) => wireName switch
    {
        "arria-formula" => "Arria-formula meeting",
        var other => char.ToUpperInvariant(other[0]) + other[1..].Replace('-', ' '),
    };
}

public static class MeetingStatus
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A meeting on the Security Council's programme of work. <see cref="StartsAt"/> is the instant (UTC); the Council
/// meets in New York, so the local time is served beside it. A move keeps the id, so calendars update the entry.
/// </summary>
public sealed record Meeting
{
    public required Guid Id { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset StartsAtLocal => NewYorkTime.ToLocal(StartsAt);
    public string TimeZone => NewYorkTime.ZoneId;
    public int? DurationMinutes { get; init; }
    /// <summary>briefing, consultations, open-debate, adoption or arria-formula.</summary>
    public required string Format { get; init; }
    /// <summary>The directory's situation id ("darfur"), when the meeting is on a situation.</summary>
    public string? SituationId { get; init; }
    /// <summary>A thematic item ("Protection of civilians in armed conflict"), when the meeting is not on a situation.</summary>
    public string? ThematicItem { get; init; }
    public string? Title { get; init; }
    /// <summary>UN document symbols, canonical.</summary>
    public IReadOnlyList<string> Documents { get; init; } = [];
    /// <summary>scheduled or cancelled.</summary>
    public required string Status { get; init; }
    public string? Note { get; init; }
    public bool Demo { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>What the meeting is about: its situation id or its thematic item.</summary>
    [JsonIgnore]
    public string Subject => SituationId ?? ThematicItem ?? "";

    public T State<T>(Guid eventId, TimeSpan? leadTime = null) where T : CouncilMeetingState
    {
        CouncilMeetingState state = new CouncilMeetingScheduled
        {
            EventId = eventId, MeetingId = Id, Version = Version, OccurredAt = UpdatedAt,
            StartsAt = StartsAt, TimeZone = TimeZone, DurationMinutes = DurationMinutes, Format = Format,
            SituationId = SituationId, ThematicItem = ThematicItem, Title = Title, Documents = Documents, Status = Status, Note = Note,
        };
        return (T)(typeof(T) switch
        {
            var t when t == typeof(CouncilMeetingChanged) => new CouncilMeetingChanged(state),
            var t when t == typeof(CouncilMeetingCancelled) => new CouncilMeetingCancelled(state),
            var t when t == typeof(CouncilMeetingApproaching) => new CouncilMeetingApproaching(state, leadTime ?? TimeSpan.Zero),
            _ => state,
        });
    }
}

/// <summary>What the secretariat sends to schedule or change a meeting.</summary>
public sealed partial record MeetingInput
{
    /// <summary>New York time ("2026-12-03T10:00") or an instant with its offset ("2026-12-03T15:00Z").</summary>
    public string? Start { get; init; }
    public int? DurationMinutes { get; init; }
    public string? Format { get; init; }
    public string? SituationId { get; init; }
    public string? ThematicItem { get; init; }
    public string? Title { get; init; }
    public List<string?>? Documents { get; init; }
    public string? Note { get; init; }

    /// <summary>A meeting further ahead than this is taken for a typing slip in the year.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(2 * 366);

    /// <param name="now">Bounds the start (not more than <see cref="Horizon"/> ahead) and the years document symbols may name.</param>
    /// <param name="knownSituations">The directory's situations among those named (<see cref="SituationReplicas.KnownAsync"/>).</param>
    public (ValidMeeting? Valid, FieldErrors Errors) Validate(DateTimeOffset now, IReadOnlySet<string> knownSituations)
    {
        var errors = new FieldErrors();
        DateTimeOffset? startsAt = null;
        if (string.IsNullOrWhiteSpace(Start)) errors.Add("start", "'start' is required: New York time such as 2026-12-03T10:00.");
        else if (!NewYorkTime.TryParse(Start, out var parsed, out var error)) errors.Add("start", error!);
        else if (parsed.Year < 1946 || parsed > now + Horizon) errors.Add("start", $"'start' must fall between 1946 and two years from now; {Start} does not.");
        else startsAt = parsed;

        if (DurationMinutes is < 5 or > 24 * 60) errors.Add("durationMinutes", "'durationMinutes' must be between 5 and 1440.");
        if (!MeetingFormats.TryParse(Format, out var format))
            errors.Add("format", "'format' must be one of briefing, consultations, open-debate, adoption, arria-formula.");

        var situation = SituationId?.Trim();
        var thematic = errors.Text("thematicItem", ThematicItem, 200, min: 3);
        if (situation is not null && !IsSituationId(situation))
            errors.Add("situationId", "'situationId' must be a situation id of the directory: lower-case letters, digits and single hyphens, such as \"darfur\".");
        else if (situation is not null) SituationReplicas.CheckKnown(errors, "situationId", situation, knownSituations);
        if ((situation is null) == (thematic is null))
            errors.Add(situation is null ? "situationId" : "thematicItem", "Give either 'situationId' (a situation) or 'thematicItem' (a thematic item), not both.");

        var documents = new List<string>();
        for (var i = 0; i < (Documents?.Count ?? 0); i++)
        {
            if (!UnSymbol.TryParse(Documents![i], now.Year, out var symbol, out var error)) errors.Add($"documents[{i}]", error!);
            else if (!documents.Contains(symbol.Canonical)) documents.Add(symbol.Canonical);
        }
        if (documents.Count > 30) errors.Add("documents", "A meeting lists at most 30 documents.");

        var valid = new ValidMeeting(startsAt ?? default, DurationMinutes, format.WireName(), situation, thematic,
            errors.Text("title", Title, 200, min: 3), documents, errors.Text("note", Note, 2_000));
        return (errors.Any ? null : valid, errors);
    }

    public static bool IsSituationId(string? value) => value is { Length: >= 2 and <= 60 } && SituationIdPattern().IsMatch(value);

    /// <summary>The shape of the directory's situation ids; whether one exists is the replica's to say.</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SituationIdPattern();
}

/// <summary>A checked <see cref="MeetingInput"/>: the instant in UTC, the format's wire name, canonical symbols.</summary>
public sealed record ValidMeeting(DateTimeOffset StartsAt, int? DurationMinutes, string Format, string? SituationId, string? ThematicItem,
    string? Title, IReadOnlyList<string> Documents, string? Note);
