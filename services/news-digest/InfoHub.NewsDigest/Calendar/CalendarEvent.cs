using System.Globalization;
using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Developments;
using InfoHub.NewsDigest.Programme;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Calendar;

/// <summary>The kinds of event on the network's calendar besides the Council's meetings (which are <see cref="CouncilMeeting"/>).</summary>
public static class CalendarKinds
{
    public const string CouncilMeeting = "council-meeting";

    public static readonly IReadOnlyList<string> Events = ["un-day", "roundtable", "media-opportunity", "training", "deadline", "other"];
}

/// <summary>
/// An event of the network's calendar that is not a Council meeting: a UN day, a roundtable, a media opportunity… All-day
/// events have dates only; timed ones keep the instant with the offset they were given in, since they happen anywhere
/// (a roundtable in Geneva, a training in Kinshasa). A change keeps the id, so calendars update the entry.
/// </summary>
public sealed record CalendarEvent
{
    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required bool AllDay { get; init; }
    public required DateOnly StartDate { get; init; }
    /// <summary>The last day (inclusive) of an all-day event of several days.</summary>
    public DateOnly? EndDate { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? Location { get; init; }
    public string? Link { get; init; }
    public IReadOnlyList<string> Situations { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? Organizer { get; init; }
    public required string Language { get; init; }
    public IReadOnlyDictionary<string, CalendarEventText> Translations { get; init; } = new Dictionary<string, CalendarEventText>();
    /// <summary>scheduled or cancelled.</summary>
    public required string Status { get; init; }
    public bool Demo { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When it starts, for ordering: an all-day event at the start of its day (UTC).</summary>
    public DateTimeOffset Starts() => StartsAt ?? new DateTimeOffset(StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public T State<T>(Guid eventId) where T : CalendarEventState
    {
        CalendarEventState state = new CalendarEventScheduled
        {
            EventId = eventId, CalendarEventId = Id, Version = Version, OccurredAt = UpdatedAt, Kind = Kind, Title = Title, Description = Description,
            AllDay = AllDay, StartDate = StartDate, EndDate = EndDate, StartsAt = StartsAt, EndsAt = EndsAt, Location = Location, Link = Link,
            Situations = Situations, Themes = Themes, Organizer = Organizer, Language = Language, Translations = Translations, Status = Status,
        };
        return (T)(typeof(T) switch
        {
            var t when t == typeof(CalendarEventChanged) => new CalendarEventChanged(state),
            var t when t == typeof(CalendarEventCancelled) => new CalendarEventCancelled(state),
            _ => state,
        });
    }
}

/// <summary>What the secretariat sends to schedule or change an event: every field a string (or a list of them) so each error names its field.</summary>
public sealed record CalendarEventInput
{
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    /// <summary>A date (2026-12-10) for an all-day event, or a time with its offset (2026-12-10T14:00+01:00).</summary>
    public string? Start { get; init; }
    /// <summary>Written like <see cref="Start"/>: the last day of an all-day event, or the time a timed one ends.</summary>
    public string? End { get; init; }
    public string? Location { get; init; }
    public string? Link { get; init; }
    public List<string?>? Situations { get; init; }
    public List<string?>? Themes { get; init; }
    public string? Organizer { get; init; }
    /// <summary>The language of the title and description: "en" unless given.</summary>
    public string? Language { get; init; }
    public Dictionary<string, CalendarEventTextInput?>? Translations { get; init; }

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    /// <summary>An all-day event lasts at most this long; a longer one is taken for a typing slip.</summary>
    public const int MaxDays = 366;

    /// <param name="now">Bounds the start: from 1945 to <see cref="MeetingInput.Horizon"/> ahead.</param>
    /// <param name="knownSituations">The directory's situations among those named (<see cref="SituationReplicas.KnownAsync"/>).</param>
    public (CalendarEvent? Valid, FieldErrors Errors) Validate(DateTimeOffset now, IReadOnlySet<string> knownSituations)
    {
        var errors = new FieldErrors();
        var kind = Kind?.Trim().ToLowerInvariant();
        if (kind is null || !CalendarKinds.Events.Contains(kind)) errors.Add("kind", $"'kind' must be one of {string.Join(", ", CalendarKinds.Events)}.");
        var (title, description) = Texts(errors, "", Title, Description);

        var start = When(errors, "start", Start, required: true);
        if (start is { } s && (s.Date.Year < 1945 || s.Date > DateOnly.FromDateTime((now + MeetingInput.Horizon).UtcDateTime)))
            errors.Add("start", $"'start' must fall between 1945 and two years from now; {Start} does not.");
        var end = When(errors, "end", End);
        if (start is not null && end is not null)
        {
            if (start.Value.At is null != end.Value.At is null) errors.Add("end", "'end' is written like 'start': both dates (all-day) or both times with an offset.");
            else if (end.Value.At < start.Value.At || end.Value.Date < start.Value.Date) errors.Add("end", "'end' must not come before 'start'.");
            else if (end.Value.Date.DayNumber - start.Value.Date.DayNumber > MaxDays) errors.Add("end", $"An event lasts at most {MaxDays} days.");
        }

        var situations = DevelopmentInput.Each(errors, "situations", Situations, (value, field) =>
            Slug(errors, field, value, "a situation id such as \"darfur\"") is { } id && SituationReplicas.CheckKnown(errors, field, id, knownSituations) ? id : null);
        var themes = DevelopmentInput.Each(errors, "themes", Themes, (value, field) => Slug(errors, field, value, "a theme code such as \"prevention\""));
        var language = Language is null ? "en" : DevelopmentInput.LanguageTag(Language);
        if (language is null) errors.Add("language", "'language' must be a BCP 47 tag such as \"en\", \"fr\" or \"es\".");
        var translations = new SortedDictionary<string, CalendarEventText>(StringComparer.Ordinal);
        foreach (var (key, translation) in Translations ?? [])
        {
            var field = $"translations.{key}";
            var tag = DevelopmentInput.LanguageTag(key);
            if (tag is null) errors.Add(field, $"'{key}' is not a BCP 47 language tag such as \"fr\".");
            else if (tag == language) errors.Add(field, $"'{key}' is the event's own language; a translation is in another.");
            else if (translation is null) errors.Add(field, $"'{field}' must hold a title.");
            else if (translations.ContainsKey(tag)) errors.Add(field, $"'{key}' is given twice.");
            else if (Texts(errors, field + ".", translation.Title, translation.Description) is ({ } t, var d)) translations[tag] = new(t, d);
        }

        var valid = new CalendarEvent
        {
            Id = Guid.Empty, Kind = kind ?? "", Title = title ?? "", Description = description, AllDay = start?.At is null,
            StartDate = start?.Date ?? default, StartsAt = start?.At, EndDate = start?.At is null ? end?.Date : null, EndsAt = end?.At,
            Location = errors.Text("location", Location, 300), Link = DevelopmentInput.AbsoluteLink(errors, "link", Link),
            Situations = situations, Themes = themes, Organizer = errors.Text("organizer", Organizer, 200), Language = language ?? "",
            Translations = translations, Status = MeetingStatus.Scheduled, Version = 0, CreatedAt = now, UpdatedAt = now,
        };
        return (errors.Any ? null : valid, errors);
    }

    private static (string? Title, string? Description) Texts(FieldErrors errors, string prefix, string? title, string? description) =>
        (errors.Text(prefix + "title", title, 200, min: 3, required: true), errors.Text(prefix + "description", description, 4_000));

    private static string? Slug(FieldErrors errors, string field, string value, string what)
    {
        var code = value.Trim().ToLowerInvariant();
        if (code.Length <= 60 && DevelopmentInput.Slug().IsMatch(code)) return code;
        errors.Add(field, $"'{value}' is not {what}: lower-case letters, digits and single hyphens.");
        return null;
    }

    /// <summary>A date (all-day) or a time with its offset; a time without one is refused, since the event may be anywhere.</summary>
    private static (DateOnly Date, DateTimeOffset? At)? When(FieldErrors errors, string field, string? value, bool required = false)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors.Add(field, $"'{field}' is required: a date (2026-12-10) or a time with its offset (2026-12-10T14:00+01:00).");
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return (day, null);
        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return (DateOnly.FromDateTime(at.DateTime), at);
        errors.Add(field, $"'{field}' must be a date (2026-12-10) or a time with its offset (2026-12-10T14:00+01:00 or 2026-12-10T13:00Z); '{text}' is neither.");
        return null;
    }
}

public sealed record CalendarEventTextInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
}
