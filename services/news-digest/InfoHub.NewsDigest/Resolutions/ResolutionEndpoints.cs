using System.Globalization;
using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Resolutions;

public static class ResolutionEndpoints
{
    public const string Route = "/api/news/resolutions";

    public static IEndpointRouteBuilder MapResolutions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Resolutions").RejectUnknownQueryParameters();
        group.MapGet("/", List).AllowAnonymous()
            .WithSummary("The resolution tracker: resolutions and drafts, the latest step first")
            .WithDescription("Filters: `q` (text in the title, symbols and subject), `status` (repeatable), `situation` (repeatable), " +
                             "`r2p` (`yes` for those that refer to the responsibility to protect), `year` (of the latest step), " +
                             "`symbol` (`S/RES/1674 (2006)` or a draft's `S/2026/123`). Pages with `limit` and `cursor`.")
            .Produces<ResolutionPage>().ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get).AllowAnonymous()
            .WithSummary("A resolution with its whole history and votes").Produces<Resolution>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Record).RequireAuthorization(Access.Secretariat)
            .WithSummary("Start tracking a resolution or draft, at the step it has reached")
            .AcceptsJsonBody(ResolutionExamples.New).Produces<Resolution>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/steps", AddStep).RequireAuthorization(Access.Secretariat)
            .WithSummary("Record the next step: negotiation, put in blue, adoption (with its symbol), failure, veto or withdrawal, with the vote")
            .WithDescription("Impossible moves are refused (an adopted resolution cannot be vetoed). A vote is checked against the Council sitting " +
                             "that day and against the outcome. Send `If-Match: \"<version>\"` to refuse the step (412) when the resolution changed since it was read.")
            .AcceptsJsonBody(ResolutionExamples.Step).Produces<Resolution>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPut("/{id:guid}", Correct).RequireAuthorization(Access.Secretariat)
            .WithSummary("Correct a resolution's symbols, title, subject or links (its history only grows, by steps)")
            .AcceptsJsonBody(ResolutionExamples.Details).Produces<Resolution>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<IResult> List(string? q, string[]? status, string[]? situation, string? r2p, string? year, string? symbol,
        string? limit, string? cursor, ResolutionStore resolutions, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var statuses = new List<string>();
        foreach (var s in status ?? [])
        {
            if (ResolutionStatuses.TryParse(s, out var parsed)) statuses.Add(parsed.Name());
            else errors.Add("status", $"'{s}' is not a status; use {string.Join(", ", Enum.GetValues<ResolutionStatus>().Select(v => v.Name()))}.");
        }
        var r2pFilter = r2p?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "yes" or "true" => "yes",
            "no" or "false" => "no",
            _ => Invalid(errors, "r2p", "'r2p' is yes or no."),
        };
        string? yearFilter = null;
        if (year is not null)
        {
            if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1946 and <= 9999) yearFilter = y.ToString(CultureInfo.InvariantCulture);
            else errors.Add("year", "'year' is a year such as 2026.");
        }
        if (!SearchParameters.TryParse(q, limit, SearchOrder.SortKey, cursor, errors, out var query, out var problem)) return problem!;
        if (symbol is not null)
        {
            if (!Documents.UnSymbol.TryParse(symbol, out var parsed, out var error)) return Problems.Validation("symbol", error!);
            var found = await resolutions.FindAsync(parsed.Canonical, ct);
            return TypedResults.Ok(new ResolutionPage(found is null ? [] : [found], found is null ? 0 : 1, found is null ? 0 : 1,
                new Dictionary<string, IReadOnlyDictionary<string, int>>(), null));
        }
        return TypedResults.Ok(await resolutions.SearchAsync(query with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>>
            {
                [ResolutionStore.StatusFacet] = statuses,
                [ResolutionStore.SituationFacet] = situation?.Select(s => s.Trim()).ToList() ?? [],
                [ResolutionStore.R2PFacet] = r2pFilter is null ? [] : [r2pFilter],
                [ResolutionStore.YearFacet] = yearFilter is null ? [] : [yearFilter],
            },
            CountFacets = [ResolutionStore.StatusFacet, ResolutionStore.SituationFacet, ResolutionStore.R2PFacet, ResolutionStore.YearFacet],
        }, ct));
    }

    private static string? Invalid(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, ResolutionStore resolutions, CancellationToken ct)
    {
        var resolution = await resolutions.GetAsync(id, ct);
        if (resolution is null) return Problems.NotFound($"Resolution {id}");
        http.Response.Headers.ETag = Preconditions.ETag(resolution.Version);
        return TypedResults.Ok(resolution);
    }

    private static async Task<IResult> Record(HttpContext http, ResolutionStore resolutions, Situations.SituationReplicas situations,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ResolutionInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var input = body.Value!;
        var errors = new FieldErrors();
        var empty = new Resolution
        {
            Id = Guid.CreateVersion7(), Title = "", History = [], Version = 0, CreatedAt = default, UpdatedAt = default,
        };
        var detailed = input.Apply(empty, errors, await situations.KnownAsync([input.SituationId], ct));
        var resolution = input.FirstStep.AddTo(detailed, CouncilSeed.Composition, resolutions.Today, errors);
        if (resolution is null) return errors.ToProblem();
        var result = await resolutions.RecordAsync(resolution,
            created => audit.Entry(http.User, "resolution.recorded", $"resolution/{created.Id}", Name(created), before: null, created), ct);
        if (result.Stored is not { } stored) return SymbolTaken(result.SymbolTaken!);
        http.Response.Headers.ETag = Preconditions.ETag(stored.Version);
        return TypedResults.Created($"{Route}/{stored.Id}", stored);
    }

    private static async Task<IResult> AddStep(Guid id, HttpContext http, ResolutionStore resolutions,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var body = await JsonBody.ReadAsync<StepInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors();
        var result = await resolutions.ChangeAsync(id, expected, statusChange: true,
            current => body.Value!.AddTo(current, CouncilSeed.Composition, resolutions.Today, errors = new FieldErrors()),
            (before, after) => audit.Entry(http.User, $"resolution.{after.Status}", $"resolution/{id}", Name(after), before, after), ct);
        return Answer(http, id, result, errors);
    }

    private static async Task<IResult> Correct(Guid id, HttpContext http, ResolutionStore resolutions, Situations.SituationReplicas situations,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var body = await JsonBody.ReadAsync<ResolutionDetailsInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors();
        var known = await situations.KnownAsync([body.Value!.SituationId], ct);
        var result = await resolutions.ChangeAsync(id, expected, statusChange: false, current =>
            {
                errors = new FieldErrors();
                var corrected = body.Value!.Apply(current, errors, known);
                StepInput.CheckSymbolFitsStatus(corrected, errors);
                return errors.Any ? null : corrected;
            },
            (before, after) => audit.Entry(http.User, "resolution.corrected", $"resolution/{id}", Name(after), before, after), ct);
        return Answer(http, id, result, errors);
    }

    private static IResult Answer(HttpContext http, Guid id, ResolutionStore.WriteResult? result, FieldErrors errors)
    {
        if (result is null) return Problems.NotFound($"Resolution {id}");
        if (result.CurrentVersion is { } current) return Preconditions.VersionMismatch("resolution", current);
        if (result.SymbolTaken is { } symbol) return SymbolTaken(symbol);
        if (result.Stored is not { } stored) return errors.ToProblem();
        http.Response.Headers.ETag = Preconditions.ETag(stored.Version);
        return TypedResults.Ok(stored);
    }

    private static IResult SymbolTaken(string symbol) =>
        Problems.Field(StatusCodes.Status409Conflict, symbol.StartsWith("S/RES/", StringComparison.Ordinal) ? "symbol" : "draftSymbol",
            $"Another resolution in the tracker carries {symbol}; find it with ?symbol=.");

    private static string Name(Resolution r) => r.Symbol ?? r.DraftSymbol ?? r.Title;
}
