using InfoHub.Directory.Organizations;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;

namespace InfoHub.Directory.Activities;

/// <summary>What an organization is doing: its activities, recorded by its own members or the secretariat.</summary>
public static class ActivityEndpoints
{
    public static IEndpointRouteBuilder MapActivities(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(OrganizationEndpoints.Route + "/{id:guid}/activities").WithTags("Activities");
        group.MapGet("/", List).AllowAnonymous();
        group.MapPost("/", Record).RequireAuthorization(Access.Members);
        group.MapPut("/{activityId:guid}", Replace).RequireAuthorization(Access.Members);
        group.MapDelete("/{activityId:guid}", Remove).RequireAuthorization(Access.Members);
        return app;
    }

    private static async Task<IResult> List(Guid id, OrganizationStore organizations, CancellationToken ct) =>
        await organizations.GetAsync(id, ct) is { } organization
            ? TypedResults.Ok(new { items = organization.AllActivities, count = organization.AllActivities.Count })
            : Problems.NotFound($"Organization {id}");

    private static async Task<IResult> Record(Guid id, HttpContext http, OrganizationStore organizations, SituationStore situations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        var (valid, problem) = await ReadAsync(http, situations, ct);
        if (valid is null) return problem!;

        var outcome = await organizations.RecordActivityAsync(id, valid, ct);
        if (outcome is not UpdateOutcome.Updated updated) return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
        var activity = updated.Organization.AllActivities[0];
        await audit.RecordAsync(http.User, "activity.recorded", $"organization/{id}/activity/{activity.Id}", activity.Title, ct);
        http.Response.Headers.ETag = Preconditions.ETag(activity.Version);
        return TypedResults.Created($"{OrganizationEndpoints.Route}/{id}/activities/{activity.Id}", activity);
    }

    private static async Task<IResult> Replace(Guid id, Guid activityId, HttpContext http, OrganizationStore organizations, SituationStore situations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var (valid, problem) = await ReadAsync(http, situations, ct);
        if (valid is null) return problem!;

        var outcome = await organizations.UpdateActivityAsync(id, activityId, valid, expected, ct);
        if (outcome is UpdateOutcome.VersionMismatch mismatch) return Preconditions.VersionMismatch("activity", mismatch.CurrentVersion);
        if (outcome is not UpdateOutcome.Updated updated) return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
        var activity = updated.Organization.AllActivities.First(a => a.Id == activityId);
        await audit.RecordAsync(http.User, "activity.updated", $"organization/{id}/activity/{activityId}", activity.Title, ct);
        http.Response.Headers.ETag = Preconditions.ETag(activity.Version);
        return TypedResults.Ok(activity);
    }

    private static async Task<IResult> Remove(Guid id, Guid activityId, HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        var outcome = await organizations.RemoveActivityAsync(id, activityId, ct);
        if (outcome is UpdateOutcome.Updated)
            await audit.RecordAsync(http.User, "activity.removed", $"organization/{id}/activity/{activityId}", null, ct);
        return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
    }

    private static async Task<(ValidActivity? Valid, IResult? Problem)> ReadAsync(HttpContext http, SituationStore situations, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ActivityInput>(http.Request, ct);
        if (body.Problem is not null) return (null, body.Problem);
        if (body.Value!.OrganizationId is not null) return (null, Problems.Validation("organizationId", "'organizationId' is the organization in the address; leave it out."));
        if (body.Value.Id is not null) return (null, Problems.Validation("id", "'id' is assigned by the directory; leave it out."));
        var known = await situations.GetManyAsync(body.Value.NamedSituations.Where(SituationInput.IsId), ct);
        var (valid, errors) = body.Value.Validate(known.Keys.ToHashSet());
        return (valid, valid is null ? errors.ToProblem() : null);
    }
}
