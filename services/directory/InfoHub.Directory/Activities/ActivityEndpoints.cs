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
        var group = app.MapGroup(OrganizationEndpoints.Route + "/{id:guid}/activities").WithTags("Activities").RejectUnknownQueryParameters();
        group.MapGet("/", List).AllowAnonymous()
            .WithSummary("An organization's activities, newest first").Produces<ActivityList>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Record).RequireAuthorization(Access.Members)
            .WithSummary("Record an activity").WithDescription("Its organization's own members or the secretariat; at most 500 per organization.")
            .AcceptsJsonBody(DirectoryApiExamples.Activity).Produces<Activity>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{activityId:guid}", Replace).RequireAuthorization(Access.Members)
            .WithSummary("Replace an activity").WithDescription("Send `If-Match: \"<version>\"` (the activity's) to refuse the change (412) when it changed since it was read.")
            .AcceptsJsonBody(DirectoryApiExamples.Activity).Produces<Activity>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{activityId:guid}", Remove).RequireAuthorization(Access.Members)
            .WithSummary("Remove an activity").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> List(Guid id, OrganizationStore organizations, CancellationToken ct) =>
        await organizations.GetAsync(id, ct) is { } organization
            ? TypedResults.Ok(new ActivityList(organization.AllActivities, organization.AllActivities.Count))
            : Problems.NotFound($"Organization {id}");

    private static async Task<IResult> Record(Guid id, HttpContext http, OrganizationStore organizations, SituationStore situations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        var (valid, problem) = await ReadAsync(http, situations, ct);
        if (valid is null) return problem!;

        // The new activity comes first in the organization's list.
        var outcome = await organizations.RecordActivityAsync(id, valid, ct, audit: (_, after) => after.AllActivities[0] is var recorded
            ? audit.Entry(http.User, "activity.recorded", $"organization/{id}/activity/{recorded.Id}", recorded.Title, before: null, recorded) : default!);
        if (outcome is not UpdateOutcome.Updated updated) return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
        var activity = updated.Organization.AllActivities[0];
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

        var outcome = await organizations.UpdateActivityAsync(id, activityId, valid, expected, ct, (before, after) =>
            audit.Entry(http.User, "activity.updated", $"organization/{id}/activity/{activityId}", Of(after, activityId)?.Title, Of(before, activityId), Of(after, activityId)));
        if (outcome is UpdateOutcome.VersionMismatch mismatch) return Preconditions.VersionMismatch("activity", mismatch.CurrentVersion);
        if (outcome is not UpdateOutcome.Updated updated) return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
        var activity = updated.Organization.AllActivities.First(a => a.Id == activityId);
        http.Response.Headers.ETag = Preconditions.ETag(activity.Version);
        return TypedResults.Ok(activity);
    }

    private static async Task<IResult> Remove(Guid id, Guid activityId, HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        var outcome = await organizations.RemoveActivityAsync(id, activityId, ct, (before, _) =>
            audit.Entry(http.User, "activity.removed", $"organization/{id}/activity/{activityId}", Of(before, activityId)?.Title));
        return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
    }

    private static Activity? Of(Organization organization, Guid activityId) => organization.AllActivities.FirstOrDefault(a => a.Id == activityId);

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

/// <summary>An organization's activities, newest first.</summary>
public sealed record ActivityList(IReadOnlyList<Activity> Items, int Count);
