using System.Globalization;
using Ical.Net.DataTypes;
using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Developments;
using InfoHub.NewsDigest.Programme;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using IcsEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace InfoHub.NewsDigest.Calendar;

/// <summary>
/// One entry of the merged calendar: an event of the network's calendar or a Council meeting (<c>council-meeting</c>).
/// <see cref="Date"/> is the day it starts where it happens (New York for the Council); <see cref="Href"/> is the record.
/// </summary>
public sealed record CalendarItem(string Kind, Guid Id, string Title, string? Description, DateOnly Date, bool AllDay, DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt, DateOnly? EndDate, string? Location, string? Link, IReadOnlyList<string> Situations, IReadOnlyList<string> Themes,
    string? Organizer, string Language, IReadOnlyDictionary<string, CalendarEventText> Translations, string Status, bool Demo, string Href)
{
    public static CalendarItem Of(CalendarEvent e) => new(e.Kind, e.Id, e.Title, e.Description, e.StartDate, e.AllDay, e.StartsAt, e.EndsAt, e.EndDate,
        e.Location, e.Link, e.Situations, e.Themes, e.Organizer, e.Language, e.Translations, e.Status, e.Demo, $"{CalendarEndpoints.Route}/events/{e.Id}");

    public static CalendarItem Of(Meeting m) => new(CalendarKinds.CouncilMeeting, m.Id, $"{MeetingFormats.Label(m.Format)}: {m.Subject}", m.Title,
        DateOnly.FromDateTime(m.StartsAtLocal.DateTime), false, m.StartsAt, m.DurationMinutes is { } minutes ? m.StartsAt.AddMinutes(minutes) : null, null,
        "United Nations Headquarters, New York", null, m.SituationId is null ? [] : [m.SituationId], [], "United Nations Security Council", "en",
        new Dictionary<string, CalendarEventText>(), m.Status, m.Demo, $"{ProgrammeEndpoints.Route}/meetings/{m.Id}");
}

/// <summary>The calendar from <see cref="From"/> to <see cref="To"/> (days, inclusive), in date order.</summary>
public sealed record CalendarPage(DateOnly From, DateOnly To, IReadOnlyList<CalendarItem> Items);

public static class CalendarEndpoints
{
    public const string Route = "/api/news/calendar";
    public const int DefaultDays = 60;
    public const int MaxDays = 366;

    private static readonly CalendarEventInput Example = new()
    {
        Kind = "roundtable", Title = "Network roundtable on atrocity prevention in the Great Lakes",
        Description = "Members compare early-warning notes before the Council's briefing on the Democratic Republic of the Congo.",
        Start = "2026-12-08T14:00+01:00", End = "2026-12-08T16:00+01:00", Location = "Online", Link = "https://www.globalr2p.org/",
        Situations = ["drc"], Themes = ["prevention"], Organizer = "The secretariat",
        Translations = new() { ["fr"] = new() { Title = "Table ronde du réseau sur la prévention des atrocités dans les Grands Lacs" } },
    };

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Calendar").RejectUnknownQueryParameters();
        group.MapGet("", List).AllowAnonymous()
            .WithSummary("The calendar of events and opportunities, with the Council's meetings (kind council-meeting), in date order")
            .WithDescription("`from` (today unless given) and `to` (60 days on unless given) are days, YYYY-MM-DD, at most 366 days apart; an event is listed by the day it starts. `kind`, `situation` and `theme` narrow the list; Council meetings carry no theme.")
            .Produces<CalendarPage>().ProducesValidationProblem();
        group.MapGet("/events/{id:guid}", Get).AllowAnonymous()
            .WithSummary("An event of the calendar").Produces<CalendarEvent>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet(Route + ".ics", Ics).AllowAnonymous().WithTags("Calendar").RejectUnknownQueryParameters()
            .WithSummary("The calendar and the Council's programme of work as iCalendar, for a calendar subscription (from 31 days back on)")
            .WithDescription("Each entry keeps its UID; its SEQUENCE grows with each change, so a calendar updates a moved or cancelled one. All-day events are DATE values. Send `If-None-Match` for a 304.")
            .Produces<string>(StatusCodes.Status200OK, IcsCalendar.MediaType);
        group.MapPost("/events", Schedule).RequireAuthorization(Access.Secretariat)
            .WithSummary("Put an event on the calendar: a UN day, a roundtable, a media opportunity, a training, a deadline…")
            .WithDescription("`start` (and `end`) is a date for an all-day event (2026-12-10) or a time with its offset (2026-12-10T14:00+01:00).")
            .AcceptsJsonBody(Example).Produces<CalendarEvent>(StatusCodes.Status201Created);
        group.MapPut("/events/{id:guid}", Change).RequireAuthorization(Access.Secretariat)
            .WithSummary("Change or move an event (it keeps its id)")
            .WithDescription("Send `If-Match: \"<version>\"` to refuse the change (412) when the event changed since it was read.")
            .AcceptsJsonBody(Example with { Start = "2026-12-09T14:00+01:00", End = "2026-12-09T16:00+01:00" }).Produces<CalendarEvent>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/events/{id:guid}/cancel", Cancel).RequireAuthorization(Access.Secretariat)
            .WithSummary("Cancel an event: it stays on the calendar with the status cancelled")
            .Produces<CalendarEvent>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<IResult> List(string? from, string? to, string? kind, string? situation, string? theme,
        CalendarStore events, MeetingStore meetings, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var first = DevelopmentInput.Day(errors, "from", from) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = DevelopmentInput.Day(errors, "to", to) ?? first.AddDays(DefaultDays);
        if (!errors.Any && (last < first || last.DayNumber - first.DayNumber > MaxDays))
            errors.Add("to", $"'to' must fall from 'from' to {MaxDays} days after it.");
        if (kind is not null && kind != CalendarKinds.CouncilMeeting && !CalendarKinds.Events.Contains(kind))
            errors.Add("kind", $"'kind' must be one of {CalendarKinds.CouncilMeeting}, {string.Join(", ", CalendarKinds.Events)}.");
        if (situation is not null && !MeetingInput.IsSituationId(situation)) errors.Add("situation", "'situation' must be a situation id such as \"darfur\".");
        if (theme is not null && !DevelopmentInput.Slug().IsMatch(theme)) errors.Add("theme", "'theme' must be a theme code such as \"prevention\".");
        if (errors.Any) return errors.ToProblem();

        var items = new List<CalendarItem>();
        if (kind != CalendarKinds.CouncilMeeting)
            items.AddRange((await events.BetweenAsync(first, last, ct, kind, situation, theme)).Select(CalendarItem.Of));
        if (kind is null or CalendarKinds.CouncilMeeting && theme is null)
        {
            var (start, end) = (Instant(first).AddDays(-1), Instant(last).AddDays(2));
            items.AddRange((await meetings.InMonthsAsync(NewYorkTime.MonthsBetween(start, end), situation, ct))
                .Select(CalendarItem.Of).Where(m => m.Date >= first && m.Date <= last));
        }
        return TypedResults.Ok(new CalendarPage(first, last, [.. items.OrderBy(i => i.Date).ThenBy(i => i.StartsAt ?? Instant(i.Date)).ThenBy(i => i.Title, StringComparer.Ordinal)]));
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, CalendarStore events, CancellationToken ct)
    {
        var found = await events.GetAsync(id, ct);
        if (found is null) return Problems.NotFound($"Calendar event {id}");
        return ProgrammeEndpoints.Tagged(http, Preconditions.ETag(found.Version)) ?? TypedResults.Ok(found);
    }

    private static async Task<IResult> Ics(HttpContext http, CalendarStore events, MeetingStore meetings, Situations.SituationReplicas situations,
        TimeProvider clock, CancellationToken ct)
    {
        var from = clock.GetUtcNow() - ProgrammeCalendar.LookBack;
        var months = (await meetings.MonthsAsync(ct)).Where(m => m >= NewYorkTime.MonthOf(from)).ToList();
        var council = (months.Count == 0 ? [] : await meetings.InMonthsAsync(months, null, ct)).Where(m => m.StartsAt >= from).ToList();
        var names = await ProgrammeCalendar.SituationNamesAsync(situations, council, ct);
        var day = DateOnly.FromDateTime(from.UtcDateTime);
        // Nothing starts further ahead than a meeting may (two years): see CalendarEventInput.Validate.
        var own = await events.BetweenAsync(day, DateOnly.FromDateTime((clock.GetUtcNow() + MeetingInput.Horizon).UtcDateTime).AddDays(1), ct);
        return IcsCalendar.Response(http, IcsCalendar.Write("InfoHub calendar of events and opportunities",
            council.Select(m => ProgrammeCalendar.Event(m, names)).Concat(own.Select(Entry))));
    }

    /// <summary>The event as a calendar entry: all-day ones as DATE values (DTEND the day after the last, as RFC 5545 counts), timed ones in UTC.</summary>
    public static IcsEvent Entry(CalendarEvent e)
    {
        var entry = IcsCalendar.Entry(e.Id, e.Version, e.UpdatedAt, e.Status == MeetingStatus.Cancelled);
        entry.Summary = e.Title;
        entry.Description = e.Description;
        entry.Location = e.Location;
        if (e.Link is not null) entry.Url = new Uri(e.Link);
        if (e.StartsAt is { } at)
        {
            entry.DtStart = IcsCalendar.Utc(at);
            if (e.EndsAt is { } ends) entry.DtEnd = IcsCalendar.Utc(ends);
        }
        else
        {
            entry.DtStart = new CalDateTime(e.StartDate);
            entry.DtEnd = new CalDateTime((e.EndDate ?? e.StartDate).AddDays(1));
        }
        return entry;
    }

    private static async Task<IResult> Schedule(HttpContext http, CalendarStore events, Situations.SituationReplicas situations, TimeProvider clock,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CalendarEventInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (valid, errors) = body.Value!.Validate(clock.GetUtcNow(), await situations.KnownAsync(body.Value.Situations ?? [], ct));
        if (valid is null) return errors.ToProblem();
        var created = await events.ScheduleAsync(valid, ct,
            audit: (_, after) => audit.Entry(http.User, "calendar-event.scheduled", Subject(after), Describe(after), before: null, after));
        http.Response.Headers.ETag = Preconditions.ETag(created.Version);
        return TypedResults.Created($"{Route}/events/{created.Id}", created);
    }

    private static async Task<IResult> Change(Guid id, HttpContext http, CalendarStore events, Situations.SituationReplicas situations, TimeProvider clock,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var body = await JsonBody.ReadAsync<CalendarEventInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (valid, errors) = body.Value!.Validate(clock.GetUtcNow(), await situations.KnownAsync(body.Value.Situations ?? [], ct));
        if (valid is null) return errors.ToProblem();
        var written = await events.ChangeAsync(id, valid, expected, ct,
            (before, after) => audit.Entry(http.User, "calendar-event.changed", Subject(after), Describe(after), before, after));
        return Versioned.Answer(http, "calendar event", id, written, e => e.Version);
    }

    private static async Task<IResult> Cancel(Guid id, HttpContext http, CalendarStore events,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var written = await events.CancelAsync(id, expected, ct,
            (before, after) => audit.Entry(http.User, "calendar-event.cancelled", Subject(after), Describe(after), before, after));
        return Versioned.Answer(http, "calendar event", id, written, e => e.Version);
    }


    private static DateTimeOffset Instant(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string Subject(CalendarEvent e) => $"calendar-event/{e.Id}";

    private static string Describe(CalendarEvent e) => string.Create(CultureInfo.InvariantCulture, $"{e.Kind}: {e.Title}, {e.StartDate:yyyy-MM-dd}");
}
