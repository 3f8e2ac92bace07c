using System.Globalization;
using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;

namespace InfoHub.NewsDigest.Programme;

/// <summary>A month of the programme: the Council that month (when the hub knows it) and its meetings in time order.</summary>
public sealed record ProgrammeMonth(string Month, CouncilMember? President, IReadOnlyList<CouncilMember> Members, IReadOnlyList<Meeting> Meetings);

/// <summary>The meetings starting from <see cref="From"/> until <see cref="To"/>, in time order.</summary>
public sealed record UpcomingMeetings(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Meeting> Meetings);

public static class ProgrammeEndpoints
{
    public const string Route = "/api/news/programme";
    public const int DefaultDays = 14;
    public const int MaxDays = 90;

    private static readonly MeetingInput Example = new()
    {
        Start = "2026-12-03T10:00", DurationMinutes = 120, Format = "briefing", SituationId = "darfur",
        Title = "Reports of the Secretary-General on the Sudan and South Sudan", Documents = ["S/2026/123", "S/RES/1593 (2005)"],
        Note = "Briefing by the Under-Secretary-General for Humanitarian Affairs, followed by consultations.",
    };

    public static IEndpointRouteBuilder MapProgramme(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Programme of work").RejectUnknownQueryParameters();
        group.MapGet("/months/{month}", Month).AllowAnonymous()
            .WithSummary("A month of the Security Council's programme of work (year-month, e.g. 2026-12), with who sits and who presides")
            .Produces<ProgrammeMonth>().ProducesValidationProblem();
        group.MapGet("/upcoming", Upcoming).AllowAnonymous()
            .WithSummary("The Council's meetings in the coming days (days: 1 to 90, 14 unless given), optionally on one situation")
            .Produces<UpcomingMeetings>().ProducesValidationProblem();
        group.MapGet("/meetings/{id:guid}", Get).AllowAnonymous()
            .WithSummary("A meeting of the Council's programme of work").Produces<Meeting>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/calendar.ics", Calendar).AllowAnonymous()
            .WithSummary("The programme of work as iCalendar, for a calendar subscription (meetings from 31 days back on), optionally on one situation")
            .WithDescription("Each meeting keeps its UID; its SEQUENCE grows with each change, so a calendar updates a moved or cancelled meeting. Send `If-None-Match` for a 304.")
            .Produces<string>(StatusCodes.Status200OK, IcsCalendar.MediaType).ProducesValidationProblem();
        group.MapPost("/meetings", Schedule).RequireAuthorization(Access.Secretariat)
            .WithSummary("Put a meeting on the programme of work")
            .WithDescription("`start` is New York time (2026-12-03T10:00) or an instant with its offset; a New York time the clocks skip or repeat is refused. Give `situationId` or `thematicItem`, not both.")
            .AcceptsJsonBody(Example).Produces<Meeting>(StatusCodes.Status201Created);
        group.MapPut("/meetings/{id:guid}", Change).RequireAuthorization(Access.Secretariat)
            .WithSummary("Change or move a meeting (it keeps its id)")
            .WithDescription("Send `If-Match: \"<version>\"` to refuse the change (412) when the meeting changed since it was read.")
            .AcceptsJsonBody(Example with { Start = "2026-12-04T15:00" }).Produces<Meeting>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/meetings/{id:guid}/cancel", Cancel).RequireAuthorization(Access.Secretariat)
            .WithSummary("Cancel a meeting: it stays on the programme with the status cancelled")
            .Produces<Meeting>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<IResult> Month(string month, MeetingStore meetings, CancellationToken ct)
    {
        if (!CouncilMonth.TryParse(month, out var parsed))
            return Problems.Validation("month", $"'{month}' is not a month: write it as year-month, e.g. 2026-12.");
        var council = CouncilSeed.Composition;
        var members = council.IsKnown(parsed.Year) ? council.MembersIn(parsed.Year).Select(CouncilMember.Of).ToList() : [];
        var president = council.PresidentIn(parsed) is { } seat ? CouncilMember.Of(seat) : null;
        return TypedResults.Ok(new ProgrammeMonth(parsed.ToString(), president, members, await meetings.InMonthsAsync([parsed], null, ct)));
    }

    private static async Task<IResult> Upcoming(string? days, string? situation, MeetingStore meetings, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var window = DefaultDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < 1 or > MaxDays))
            errors.Add("days", $"'days' must be a whole number from 1 to {MaxDays}.");
        CheckSituation(errors, situation);
        if (errors.Any) return errors.ToProblem();

        var from = clock.GetUtcNow();
        var to = from.AddDays(window);
        var found = await meetings.InMonthsAsync(NewYorkTime.MonthsBetween(from, to), situation, ct);
        return TypedResults.Ok(new UpcomingMeetings(from, to, found.Where(m => m.StartsAt >= from && m.StartsAt < to).ToList()));
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, MeetingStore meetings, CancellationToken ct)
    {
        var meeting = await meetings.GetAsync(id, ct);
        if (meeting is null) return Problems.NotFound($"Meeting {id}");
        return Tagged(http, Preconditions.ETag(meeting.Version)) ?? TypedResults.Ok(meeting);
    }

    private static async Task<IResult> Calendar(string? situation, HttpContext http, MeetingStore meetings, Situations.SituationReplicas situations,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        CheckSituation(errors, situation);
        if (errors.Any) return errors.ToProblem();
        var from = clock.GetUtcNow() - ProgrammeCalendar.LookBack;
        var months = (await meetings.MonthsAsync(ct)).Where(m => m >= NewYorkTime.MonthOf(from)).ToList();
        var found = months.Count == 0 ? [] : await meetings.InMonthsAsync(months, situation, ct);
        var shown = found.Where(m => m.StartsAt >= from).ToList();
        return IcsCalendar.Response(http, ProgrammeCalendar.Write(shown, await ProgrammeCalendar.SituationNamesAsync(situations, shown, ct)));
    }

    private static async Task<IResult> Schedule(HttpContext http, MeetingStore meetings, Situations.SituationReplicas situations, TimeProvider clock,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<MeetingInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (valid, errors) = body.Value!.Validate(clock.GetUtcNow(), await situations.KnownAsync([body.Value.SituationId], ct));
        if (valid is null) return errors.ToProblem();
        var meeting = await meetings.ScheduleAsync(valid, ct,
            audit: (_, after) => audit.Entry(http.User, "meeting.scheduled", Subject(after), Describe(after), before: null, after));
        http.Response.Headers.ETag = Preconditions.ETag(meeting.Version);
        return TypedResults.Created($"{Route}/meetings/{meeting.Id}", meeting);
    }

    private static async Task<IResult> Change(Guid id, HttpContext http, MeetingStore meetings, Situations.SituationReplicas situations, TimeProvider clock,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var body = await JsonBody.ReadAsync<MeetingInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (valid, errors) = body.Value!.Validate(clock.GetUtcNow(), await situations.KnownAsync([body.Value.SituationId], ct));
        if (valid is null) return errors.ToProblem();
        var written = await meetings.ChangeAsync(id, valid, expected, ct,
            (before, after) => audit.Entry(http.User, "meeting.changed", Subject(after), Describe(after), before, after));
        return Versioned.Answer(http, "meeting", id, written, e => e.Version);
    }

    private static async Task<IResult> Cancel(Guid id, HttpContext http, MeetingStore meetings,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var written = await meetings.CancelAsync(id, expected, ct,
            (before, after) => audit.Entry(http.User, "meeting.cancelled", Subject(after), Describe(after), before, after));
        return Versioned.Answer(http, "meeting", id, written, e => e.Version);
    }


    /// <summary>Sets the ETag; a 304 when the caller holds that version already.</summary>
    internal static IResult? Tagged(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : null;
    }

    private static void CheckSituation(FieldErrors errors, string? situation)
    {
        if (situation is not null && !MeetingInput.IsSituationId(situation))
            errors.Add("situation", "'situation' must be a situation id such as \"darfur\".");
    }

    private static string Subject(Meeting meeting) => $"meeting/{meeting.Id}";

    private static string Describe(Meeting meeting) => string.Create(CultureInfo.InvariantCulture,
        $"{MeetingFormats.Label(meeting.Format)}: {meeting.Subject}, {meeting.StartsAtLocal:yyyy-MM-dd HH:mm} New York");
}
