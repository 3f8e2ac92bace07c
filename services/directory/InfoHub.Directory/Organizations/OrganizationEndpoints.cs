using System.Globalization;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoHub.Directory.Organizations;

public static class OrganizationEndpoints
{
    public const string Route = "/api/directory/organizations";

    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Organizations");
        group.MapPost("/", Register).RequireAuthorization(Access.Secretariat);
        group.MapGet("/{id:guid}", Get).AllowAnonymous();
        group.MapPut("/{id:guid}", Replace).RequireAuthorization(Access.Members);
        group.MapGet("/", Search).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Register(HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<OrganizationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (profile, errors) = body.Value!.Validate();
        if (profile is null) return errors.ToProblem();

        var organization = await organizations.RegisterAsync(profile, ct);
        await audit.RecordAsync(http.User, "organization.registered", $"organization/{organization.Id}", organization.Name, ct);
        http.Response.Headers.ETag = ETag(organization.Version);
        return TypedResults.Created($"{Route}/{organization.Id}", organization);
    }

    private static async Task<Results<Ok<Organization>, ProblemHttpResult>> Get(Guid id, HttpContext http, OrganizationStore organizations, CancellationToken ct)
    {
        var organization = await organizations.GetAsync(id, ct);
        if (organization is null) return Problems.NotFound($"Organization {id}");
        http.Response.Headers.ETag = ETag(organization.Version);
        return TypedResults.Ok(organization);
    }

    private static async Task<IResult> Replace(Guid id, HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        // Members edit only their own organization's profile; the secretariat edits any.
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();

        long? expected = null;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            if (!long.TryParse(ifMatch.Trim().Trim('"').Replace("W/", "", StringComparison.Ordinal).Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return Problems.Field(StatusCodes.Status400BadRequest, "If-Match", "If-Match must be an ETag this API returned, such as \"3\".");
            }
            expected = version;
        }

        var body = await JsonBody.ReadAsync<OrganizationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var (profile, errors) = body.Value!.Validate();
        if (profile is null) return errors.ToProblem();

        switch (await organizations.UpdateAsync(id, profile, expected, ct))
        {
            case UpdateOutcome.Updated updated:
                await audit.RecordAsync(http.User, "organization.updated", $"organization/{id}", $"version {updated.Organization.Version}: {updated.Organization.Name}", ct);
                http.Response.Headers.ETag = ETag(updated.Organization.Version);
                return TypedResults.Ok(updated.Organization);
            case UpdateOutcome.VersionMismatch mismatch:
                return Problems.Field(StatusCodes.Status412PreconditionFailed, "If-Match",
                    $"The organization is at version {mismatch.CurrentVersion}; read it again and re-apply your change.");
            default:
                return Problems.NotFound($"Organization {id}");
        }
    }

    private static async Task<IResult> Search(string? q, string? limit, OrganizationStore organizations, CancellationToken ct)
    {
        if (!SearchParameters.TryParse(q, limit, SearchOrder.Relevance, out var query, out var problem)) return problem!;
        var items = await organizations.SearchAsync(query, ct);
        return TypedResults.Ok(new OrganizationPage(items, items.Count));
    }

    private static string ETag(long version) => $"\"{version}\"";
}

public sealed record OrganizationPage(IReadOnlyList<Organization> Items, int Count);
