using InfoHub.Directory.Organizations;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Positions;

/// <summary>
/// An organization's positions on situations. Anyone may list them, but sees only those whose visibility admits them;
/// a position hidden from the caller answers 404, exactly like one that does not exist.
/// </summary>
public static class PositionEndpoints
{
    public static IEndpointRouteBuilder MapPositions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(OrganizationEndpoints.Route + "/{id:guid}/positions").WithTags("Positions").RejectUnknownQueryParameters();
        group.MapGet("/", List).AllowAnonymous()
            .WithSummary("An organization's positions the caller may see, newest first")
            .Produces<PositionPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{positionId:guid}", Get).AllowAnonymous()
            .WithSummary("One position, if the caller may see it (404 otherwise)").Produces<Position>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", State).RequireAuthorization(Access.Members)
            .WithSummary("State a position on a situation").WithDescription("Its organization's own members or the secretariat; `visibility` says who may read it.")
            .AcceptsJsonBody(DirectoryApiExamples.Position).Produces<Position>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{positionId:guid}", Replace).RequireAuthorization(Access.Members)
            .WithSummary("Replace a position").WithDescription("Send `If-Match: \"<version>\"` to refuse the change (412) when it changed since it was read.")
            .AcceptsJsonBody(DirectoryApiExamples.Position).Produces<Position>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{positionId:guid}", Withdraw).RequireAuthorization(Access.Members)
            .WithSummary("Withdraw a position").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> List(Guid id, string? limit, string? cursor, HttpContext http, OrganizationStore organizations, PositionStore positions, CancellationToken ct)
    {
        if (await organizations.GetAsync(id, ct) is null) return Problems.NotFound($"Organization {id}");
        if (!SearchParameters.TryParse(null, limit, SearchOrder.Newest, cursor, new FieldErrors(), out var query, out var problem)) return problem!;
        return TypedResults.Ok(await positions.SearchAsync(
            new Dictionary<string, IReadOnlyList<string>> { [PositionStore.OrganizationFacet] = [id.ToString()] },
            Visibilities.AudienceOf(http.User), query.BoundedLimit, query.After, ct));
    }

    private static async Task<IResult> Get(Guid id, Guid positionId, HttpContext http, PositionStore positions, CancellationToken ct)
    {
        var position = await positions.GetAsync(id, positionId, ct);
        var audience = Visibilities.AudienceOf(http.User);
        if (position is null || audience is not null && !audience.Contains(position.Visibility) && !audience.Contains(Visibilities.OwnerAudience(id)))
            return Problems.NotFound($"Position {positionId}");
        http.Response.Headers.ETag = Preconditions.ETag(position.Version);
        return TypedResults.Ok(position);
    }

    private static async Task<IResult> State(Guid id, HttpContext http, OrganizationStore organizations, SituationStore situations, PositionStore positions,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        if (await organizations.GetAsync(id, ct) is null) return Problems.NotFound($"Organization {id}");
        var (valid, problem) = await ReadAsync(http, situations, ct);
        if (valid is null) return problem!;
        var position = await positions.StateAsync(id, valid, ct, (_, after) =>
            audit.Entry(http.User, "position.stated", $"organization/{id}/position/{after.Id}", $"{after.SituationId} ({after.Visibility})", before: null, after));
        http.Response.Headers.ETag = Preconditions.ETag(position.Version);
        return TypedResults.Created($"{OrganizationEndpoints.Route}/{id}/positions/{position.Id}", position);
    }

    private static async Task<IResult> Replace(Guid id, Guid positionId, HttpContext http, SituationStore situations, PositionStore positions,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var (valid, problem) = await ReadAsync(http, situations, ct);
        if (valid is null) return problem!;
        var (updated, current) = await positions.UpdateAsync(id, positionId, valid, expected, ct, (before, after) =>
            audit.Entry(http.User, "position.updated", $"organization/{id}/position/{positionId}", $"{after.SituationId} ({after.Visibility})", before, after));
        if (updated is null)
            return current is null ? Problems.NotFound($"Position {positionId}") : Preconditions.VersionMismatch("position", current.Value);
        http.Response.Headers.ETag = Preconditions.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }

    private static async Task<IResult> Withdraw(Guid id, Guid positionId, HttpContext http, PositionStore positions,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        if (!await positions.WithdrawAsync(id, positionId, ct, _ => audit.Entry(http.User, "position.withdrawn", $"organization/{id}/position/{positionId}", null)))
            return Problems.NotFound($"Position {positionId}");
        return TypedResults.NoContent();
    }

    private static async Task<(ValidPosition? Valid, IResult? Problem)> ReadAsync(HttpContext http, SituationStore situations, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PositionInput>(http.Request, ct);
        if (body.Problem is not null) return (null, body.Problem);
        var situationId = body.Value!.SituationId?.Trim().ToLowerInvariant();
        var exists = situationId is not null && await situations.GetAsync(situationId, ct) is not null;
        var (valid, errors) = (body.Value with { SituationId = situationId }).Validate(exists);
        return (valid, valid is null ? errors.ToProblem() : null);
    }
}
