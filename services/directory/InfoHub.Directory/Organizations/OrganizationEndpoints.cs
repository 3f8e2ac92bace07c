using InfoHub.Directory.Situations;
using InfoHub.Directory.Vocabularies;
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
        group.MapDelete("/{id:guid}", Remove).RequireAuthorization(Access.Secretariat);
        group.MapGet("/", Search).AllowAnonymous();
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
            audit: o => audit.Entry(http.User, "organization.registered", $"organization/{o.Id}", o.Name));
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
            o => audit.Entry(http.User, "organization.updated", $"organization/{id}", $"version {o.Version}: {o.Name}"));
        return outcome.ToResult(http, $"Organization {id}", o => TypedResults.Ok(o));
    }

    private static async Task<IResult> Remove(Guid id, HttpContext http, OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var outcome = await organizations.RemoveAsync(id, expected, ct, o => audit.Entry(http.User, "organization.removed", $"organization/{id}", o.Name));
        return outcome.ToResult(http, $"Organization {id}", _ => TypedResults.NoContent());
    }

    /// <summary>
    /// "Who works on what, where": full text over names, acronyms, descriptions (in every language given) and
    /// activities, combined with any facet filters (each repeatable: any of its values; all facets together), with
    /// counts for every facet, sorted by relevance, name or last update; every order pages with <c>cursor</c>.
    /// </summary>
    private static async Task<IResult> Search(HttpContext http, OrganizationStore organizations, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new FieldErrors();
        var filters = new Dictionary<string, IReadOnlyList<string>>
        {
            ["theme"] = errors.Codes("theme", query["theme"], Vocabulary.Themes, indexed: false),
            ["country"] = errors.CountryCodes("country", query["country"], indexed: false),
            ["region"] = errors.Codes("region", query["region"], Vocabulary.Regions, indexed: false),
            ["situation"] = Situations(errors, query["situation"]),
            ["sector"] = errors.Codes("sector", query["sector"], Vocabulary.Sectors, indexed: false),
            ["scope"] = errors.Codes("scope", query["scope"], Vocabulary.Scopes, indexed: false),
            ["language"] = errors.LanguageTags("language", query["language"], indexed: false),
            ["membership"] = errors.Codes("membership", query["membership"], Vocabulary.Membership, indexed: false),
            ["function"] = errors.Codes("function", query["function"], Vocabulary.Functions, indexed: false),
        };
        if (!TryParseSort(query["sort"], errors, out var order)) order = SearchOrder.Relevance;
        string? cursor = query["cursor"].Count > 0 ? query["cursor"].ToString() : query["page"].Count > 0 ? query["page"].ToString() : null;
        if (!SearchParameters.TryParse(query["q"].Count > 0 ? query["q"].ToString() : null, query["limit"].Count > 0 ? query["limit"].ToString() : null,
                order, cursor, errors, out var search, out var problem))
            return problem!;

        return TypedResults.Ok(await organizations.SearchAsync(search with { Filters = filters, CountFacets = OrganizationStore.Facets }, ct));
    }

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
