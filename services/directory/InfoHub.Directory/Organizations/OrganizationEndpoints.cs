using InfoHub.Directory.Situations;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Directory.Organizations;

public static class OrganizationEndpoints
{
    public const string Route = "/api/directory/organizations";

    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Organizations").RejectUnknownQueryParameters();
        group.MapPost("/", Register).RequireAuthorization(Access.Secretariat)
            .WithSummary("Register an organization").AcceptsJsonBody(DirectoryApiExamples.Organization)
            .Produces<Organization>(StatusCodes.Status201Created);
        group.MapGet("/{id:guid}", Get).AllowAnonymous()
            .WithSummary("An organization's profile, with its activities").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", Replace).RequireAuthorization(Access.Members)
            .WithSummary("Replace an organization's profile")
            .WithDescription("Its own members or the secretariat. Send `If-Match: \"<version>\"` to refuse the change (412) when the profile changed since it was read.")
            .AcceptsJsonBody(DirectoryApiExamples.Organization).Produces<Organization>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", Remove).RequireAuthorization(Access.Secretariat)
            .WithSummary("Remove an organization, with its activities and positions").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/", Search).AllowAnonymous()
            .WithSummary("Who works on what, where")
            .WithDescription("Full text over names, acronyms, descriptions and activities, combined with facet filters (each repeatable: any of its values; " +
                             "all facets together), with the total and the count of every facet value; pages with `cursor`.")
            .Produces<OrganizationPage>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Register(HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<OrganizationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        if (body.Value!.Id is not null) return Problems.Validation("id", "'id' is assigned by the directory; leave it out.");
        var (profile, errors) = body.Value.Validate();
        if (profile is null) return errors.ToProblem();

        var organization = await organizations.RegisterAsync(profile, ct,
            audit: o => audit.Entry(http.User, "organization.registered", $"organization/{o.Id}", o.Name, before: null, after: o));
        http.Response.Headers.ETag = Preconditions.ETag(organization.Version);
        return TypedResults.Created($"{Route}/{organization.Id}", organization);
    }

    private static async Task<Results<Ok<Organization>, ProblemHttpResult>> Get(Guid id, HttpContext http, OrganizationStore organizations, CancellationToken ct)
    {
        var organization = await organizations.GetAsync(id, ct);
        if (organization is null) return Problems.NotFound($"Organization {id}");
        http.Response.Headers.ETag = Preconditions.ETag(organization.Version);
        return TypedResults.Ok(organization);
    }

    private static async Task<IResult> Replace(Guid id, HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        // Members edit only their own organization's profile; the secretariat edits any.
        if (!http.User.MayEditOrganization(id)) return TypedResults.Forbid();
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;

        var body = await JsonBody.ReadAsync<OrganizationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        if (body.Value!.Id is not null) return Problems.Validation("id", "'id' cannot change; it is the organization's address.");
        var (profile, errors) = body.Value.Validate();
        if (profile is null) return errors.ToProblem();

        // The audit entry is written in the change's own transaction: one commit, and never a change without its entry.
        var outcome = await organizations.UpdateAsync(id, profile, expected, ct,
            (before, after) => audit.Entry(http.User, "organization.updated", $"organization/{id}", $"version {after.Version}: {after.Name}", before, after));
        return outcome.ToResult(http, $"Organization {id}", o => TypedResults.Ok(o));
    }

    private static async Task<IResult> Remove(Guid id, HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var outcome = await organizations.RemoveAsync(id, expected, ct, (before, _) => audit.Entry(http.User, "organization.removed", $"organization/{id}", before.Name));
        return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
    }

    /// <summary>
    /// "Who works on what, where": full text over names, acronyms, descriptions (in every language given) and
    /// activities, combined with any facet filters (each repeatable: any of its values; all facets together), with
    /// counts for every facet, sorted by relevance, name or last update; every order pages with <c>cursor</c>.
    /// </summary>
    private static async Task<IResult> Search([AsParameters] OrganizationSearch query, OrganizationStore organizations, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filters = new Dictionary<string, IReadOnlyList<string>>
        {
            ["theme"] = errors.Codes("theme", query.Theme, Vocabulary.Themes, indexed: false),
            ["country"] = errors.CountryCodes("country", query.Country, indexed: false),
            ["region"] = errors.Codes("region", query.Region, Vocabulary.Regions, indexed: false),
            ["situation"] = Situations(errors, query.Situation),
            ["sector"] = errors.Codes("sector", query.Sector, Vocabulary.Sectors, indexed: false),
            ["scope"] = errors.Codes("scope", query.Scope, Vocabulary.Scopes, indexed: false),
            ["language"] = errors.LanguageTags("language", query.Language, indexed: false),
            ["membership"] = errors.Codes("membership", query.Membership, Vocabulary.Membership, indexed: false),
            ["function"] = errors.Codes("function", query.Function, Vocabulary.Functions, indexed: false),
        };
        if (!TryParseSort(query.Sort, errors, out var order)) order = SearchOrder.Relevance;
        if (!SearchParameters.TryParse(query.Q, query.Limit, order, query.Cursor ?? query.Page, errors, out var search, out var problem))
            return problem!;

        return TypedResults.Ok(await organizations.SearchAsync(search with { Filters = filters, CountFacets = OrganizationStore.Facets }, ct));
    }

    /// <summary>The query of a search. Each filter may be repeated (<c>?theme=prevention&amp;theme=early-warning</c>): any of its values.</summary>
    public sealed record OrganizationSearch(
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "theme")] string[]? Theme,
        [FromQuery(Name = "country")] string[]? Country,
        [FromQuery(Name = "region")] string[]? Region,
        [FromQuery(Name = "situation")] string[]? Situation,
        [FromQuery(Name = "sector")] string[]? Sector,
        [FromQuery(Name = "scope")] string[]? Scope,
        [FromQuery(Name = "language")] string[]? Language,
        [FromQuery(Name = "membership")] string[]? Membership,
        [FromQuery(Name = "function")] string[]? Function,
        [FromQuery(Name = "sort")] string? Sort,
        [FromQuery(Name = "limit")] string? Limit,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "page")] string? Page);

    /// <summary><c>sort</c>: relevance (the default; name order without text), name, or updated (most recent first).</summary>
    public static bool TryParseSort(Microsoft.Extensions.Primitives.StringValues sort, FieldErrors errors, out SearchOrder order)
    {
        (var ok, order) = sort.ToString() switch
        {
            "" or "relevance" => (true, SearchOrder.Relevance),
            "name" => (true, SearchOrder.SortKey),
            "updated" => (true, SearchOrder.Newest),
            _ => (false, SearchOrder.Relevance),
        };
        if (!ok) errors.Add("sort", "'sort' must be \"relevance\", \"name\" or \"updated\".");
        return ok;
    }

    private static IReadOnlyList<string> Situations(FieldErrors errors, Microsoft.Extensions.Primitives.StringValues values)
    {
        var ids = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var id = values[i]?.Trim().ToLowerInvariant();
            if (SituationInput.IsId(id)) ids.Add(id!);
            else errors.Add("situation", $"'{values[i]}' is not a situation id such as \"darfur\".");
        }
        return ids;
    }

    /// <summary>The answer to a change of an organization's entry: the result on success, else 404, 412 or the refusal's problem.</summary>
    public static IResult ToResult(this UpdateOutcome outcome, HttpContext http, string what, Func<Organization, IResult> success)
    {
        switch (outcome)
        {
            case UpdateOutcome.Updated updated:
                http.Response.Headers.ETag = Preconditions.ETag(updated.Organization.Version);
                return success(updated.Organization);
            case UpdateOutcome.VersionMismatch mismatch:
                return Preconditions.VersionMismatch(what.Split(' ')[0].ToLowerInvariant(), mismatch.CurrentVersion);
            case UpdateOutcome.Refused { Field: null } missing:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: missing.Detail);
            case UpdateOutcome.Refused refused:
                return Problems.Field(StatusCodes.Status409Conflict, refused.Field, refused.Detail);
            default:
                return Problems.NotFound(what);
        }
    }
}
