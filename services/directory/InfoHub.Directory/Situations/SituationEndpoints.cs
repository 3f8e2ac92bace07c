using InfoHub.Directory.Organizations;
using InfoHub.Directory.Positions;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Situations;

public static class SituationEndpoints
{
    public const string Route = "/api/directory/situations";

    public static IEndpointRouteBuilder MapSituations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Situations").RejectUnknownQueryParameters();
        group.MapGet("/", List).AllowAnonymous()
            .WithSummary("The curated situations, by name").Produces<SituationPage>().ProducesValidationProblem();
        group.MapGet("/{id}", Page).AllowAnonymous()
            .WithSummary("A situation's page: the organizations active there and the positions on it the caller may see")
            .Produces<SituationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Define).RequireAuthorization(Access.Secretariat)
            .WithSummary("Define a situation").AcceptsJsonBody(DirectoryApiExamples.Situation)
            .Produces<Situation>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id}", Replace).RequireAuthorization(Access.Secretariat)
            .WithSummary("Change a situation").WithDescription("`id` stays the one in the address. Send `If-Match: \"<version>\"` to refuse the change (412) when it changed since it was read.")
            .AcceptsJsonBody(DirectoryApiExamples.Situation with { Id = null }).Produces<Situation>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<IResult> List(string? q, string? limit, string? cursor, string[]? country, SituationStore situations, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var countries = Vocabularies.FieldChecks.CountryCodes(errors, "country", country, indexed: false);
        if (!SearchParameters.TryParse(q, limit, SearchOrder.SortKey, cursor, errors, out var query, out var problem)) return problem!;
        return TypedResults.Ok(await situations.SearchAsync(query with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [SituationStore.CountryFacet] = countries },
            CountFacets = [SituationStore.CountryFacet],
        }, ct));
    }

    /// <summary>
    /// The situation page: the situation, the organizations active there (by their activities, in name order, paged with
    /// <c>cursor</c>), and the positions on it the caller may see, most recent first.
    /// </summary>
    private static async Task<IResult> Page(string id, string? limit, string? cursor, HttpContext http, SituationStore situations,
        OrganizationStore organizations, PositionStore positions, CancellationToken ct)
    {
        var situation = await situations.GetAsync(id, ct);
        if (situation is null) return Problems.NotFound($"Situation {id}");
        if (!SearchParameters.TryParse(null, limit, SearchOrder.SortKey, cursor, new FieldErrors(), out var query, out var problem)) return problem!;

        var active = await organizations.SearchAsync(query with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["situation"] = [situation.Id] },
            CountFacets = ["theme", "country"],
        }, ct);
        var visible = await positions.SearchAsync(
            new Dictionary<string, IReadOnlyList<string>> { [PositionStore.SituationFacet] = [situation.Id] },
            Visibilities.AudienceOf(http.User), SearchQuery.MaxLimit, after: null, ct);
        var names = new Dictionary<Guid, string?>();
        foreach (var organization in visible.Items.Select(p => p.OrganizationId).Distinct())
            names[organization] = (await organizations.GetAsync(organization, ct))?.Name;

        http.Response.Headers.ETag = Preconditions.ETag(situation.Version);
        return TypedResults.Ok(new SituationView(situation, active,
            visible.Items.Where(p => names[p.OrganizationId] is not null).Select(p => new PositionView(p, names[p.OrganizationId]!)).ToList()));
    }

    private static async Task<IResult> Define(HttpContext http, SituationStore situations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SituationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (valid, errors) = body.Value!.Validate(forCreation: true);
        if (valid is null) return errors.ToProblem();
        var situation = await situations.DefineAsync(valid, ct,
            audit: (_, after) => audit.Entry(http.User, "situation.defined", $"situation/{after.Id}", after.Name, before: null, after));
        if (situation is null) return Problems.Field(StatusCodes.Status409Conflict, "id", $"A situation '{valid.Id}' exists already; choose another id.");
        http.Response.Headers.ETag = Preconditions.ETag(situation.Version);
        return TypedResults.Created($"{Route}/{situation.Id}", situation);
    }

    private static async Task<IResult> Replace(string id, HttpContext http, SituationStore situations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var body = await JsonBody.ReadAsync<SituationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (valid, errors) = body.Value!.Validate(forCreation: false);
        if (valid is null) return errors.ToProblem();
        var (updated, current) = await situations.UpdateAsync(id, valid, expected, ct,
            (before, after) => audit.Entry(http.User, "situation.updated", $"situation/{id}", after.Name, before, after));
        if (updated is null)
            return current is null ? Problems.NotFound($"Situation {id}") : Preconditions.VersionMismatch("situation", current.Value);
        http.Response.Headers.ETag = Preconditions.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }
}

public sealed record SituationView(Situation Situation, OrganizationPage Organizations, IReadOnlyList<PositionView> Positions);

/// <summary>A position with the name of the organization that took it.</summary>
public sealed record PositionView(Position Position, string OrganizationName);
