using System.Globalization;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Reference;
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

    /// <summary>
    /// Full text combined with facet filters (<c>country</c>, repeatable), facet counts, and either relevance order
    /// (with text) or name order with a <c>cursor</c> to page on.
    /// </summary>
    private static async Task<IResult> Search(string? q, string? limit, string[]? country, string? sort, string? cursor,
        OrganizationStore organizations, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var countries = (country ?? []).Select(c => (Given: c, Code: Countries.Normalize(c))).ToList();
        foreach (var unknown in countries.Where(c => c.Code is null)) errors.Add("country", $"'{unknown.Given}' is not an ISO 3166-1 alpha-2 country code.");
        var order = sort switch
        {
            null or "relevance" => SearchOrder.Relevance,
            "name" => SearchOrder.SortKey,
            _ => (SearchOrder?)null,
        };
        if (order is null) errors.Add("sort", "'sort' must be \"relevance\" or \"name\".");
        if (!SearchParameters.TryParse(q, limit, order ?? SearchOrder.Relevance, cursor, errors, out var query, out var problem)) return problem!;

        var result = await organizations.SearchAsync(query with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [OrganizationStore.CountryFacet] = countries.Select(c => c.Code!).ToList() },
            CountFacets = [OrganizationStore.CountryFacet],
        }, ct);
        return TypedResults.Ok(result);
    }

    private static string ETag(long version) => $"\"{version}\"";
}

/// <summary>A page of organizations: <see cref="Count"/> on this page, <see cref="Total"/> matching, facet counts, and the cursor to the next page.</summary>
public sealed record OrganizationPage(
    IReadOnlyList<Organization> Items,
    int Count,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    string? Next);
