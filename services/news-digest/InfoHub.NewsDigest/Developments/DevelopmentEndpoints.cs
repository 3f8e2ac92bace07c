using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.NewsDigest.Developments;

/// <summary>Developments at the UN: anyone reads them (as JSON or Atom); the secretariat writes them.</summary>
public static class DevelopmentEndpoints
{
    public const string Route = "/api/news/developments";

    /// <summary>The request body the OpenAPI document shows; the OpenAPI tests send it and expect it stored.</summary>
    public static readonly DevelopmentInput Example = new()
    {
        Headline = "Security Council extends the mandate of the Panel of Experts on Sudan",
        Summary = "The Council renewed the panel that monitors the arms embargo on Darfur for another year, without a vote.",
        Body = "The panel reports on violations of the **arms embargo** and on attacks on civilians.\n\n" +
               "- Next report due in six months\n- Members asked for a briefing on *humanitarian access*",
        Date = "2026-02-12",
        Link = "https://press.un.org/en",
        Organ = "security-council",
        Situations = ["darfur"],
        Themes = ["protection-of-civilians", "sanctions"],
        Language = "en",
        Translations = new()
        {
            ["fr"] = new TranslationInput
            {
                Headline = "Le Conseil de sécurité proroge le mandat du Groupe d'experts sur le Soudan",
                Summary = "Le Conseil a renouvelé pour un an le groupe qui surveille l'embargo sur les armes au Darfour, sans vote.",
            },
        },
        Documents = ["S/RES/1591 (2005)"],
    };

    public static IHostApplicationBuilder AddDevelopments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DevelopmentStore>();
        if (builder.DemoData())
        {
            builder.Services.AddSingleton<DemoData.DemoSeeded>();
            builder.Services.AddHostedService<DemoDevelopments>();
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapDevelopments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Developments").RejectUnknownQueryParameters();
        group.MapGet("/", List).AllowAnonymous()
            .WithSummary("Developments, newest first by the day they happened, with counts by organ, situation, theme and language")
            .WithDescription("Filters may be repeated (`?situation=darfur&situation=drc`: either). `from` and `to` (YYYY-MM-DD) bound the day it happened.")
            .Produces<DevelopmentPage>().ProducesValidationProblem();
        group.MapGet("/feed.atom", Feed).AllowAnonymous()
            .WithSummary("The newest 50 developments as an Atom feed, narrowed by the list's filters")
            .WithDescription("Send `If-None-Match` with the ETag of the last answer: 304 while nothing changed.")
            .Produces(StatusCodes.Status200OK).ProducesAlso(StatusCodes.Status200OK, DevelopmentFeed.MediaType, typeof(string)).Produces(StatusCodes.Status304NotModified).ProducesValidationProblem();
        group.MapGet("/{id:guid}", Get).AllowAnonymous()
            .WithSummary("One development, with its body and translations as sanitized HTML").Produces<Development>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Publish).RequireAuthorization(Access.Secretariat)
            .WithSummary("Publish a development").AcceptsJsonBody(Example).Produces<Development>(StatusCodes.Status201Created);
        group.MapPut("/{id:guid}", Replace).RequireAuthorization(Access.Secretariat)
            .WithSummary("Change a development").WithDescription("Send `If-Match: \"<version>\"` to refuse the change (412) when it changed since it was read.")
            .AcceptsJsonBody(Example).Produces<Development>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    /// <summary>The filters the list and the feed share; each may be repeated.</summary>
    public sealed record Filters(
        [FromQuery(Name = "organ")] string[]? Organ,
        [FromQuery(Name = "situation")] string[]? Situation,
        [FromQuery(Name = "theme")] string[]? Theme,
        [FromQuery(Name = "language")] string[]? Language)
    {
        public Dictionary<string, IReadOnlyList<string>> Parse(FieldErrors errors) => new(StringComparer.Ordinal)
        {
            [DevelopmentStore.OrganFacet] = Values(errors, "organ", Organ,
                v => UnOrgans.Names.TryParse(v, out var organ) ? UnOrgans.Names.Of(organ) : null, $"one of {string.Join(", ", UnOrgans.All)}"),
            [DevelopmentStore.SituationFacet] = Values(errors, "situation", Situation, Code, "a situation id such as \"darfur\""),
            [DevelopmentStore.ThemeFacet] = Values(errors, "theme", Theme, Code, "a theme code such as \"protection-of-civilians\""),
            [DevelopmentStore.LanguageFacet] = Values(errors, "language", Language, DevelopmentInput.LanguageTag, "a BCP 47 language tag such as \"fr\""),
        };

        private static string? Code(string value) => value.Trim().ToLowerInvariant() is var code && DevelopmentInput.Slug().IsMatch(code) ? code : null;

        private static IReadOnlyList<string> Values(FieldErrors errors, string name, string[]? values, Func<string, string?> parse, string expected)
        {
            var parsed = new List<string>();
            foreach (var value in values ?? [])
            {
                if (parse(value) is { } ok) parsed.Add(ok);
                else errors.Add(name, $"'{value}' is not {expected}.");
            }
            return [.. parsed.Distinct().Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The list's own parameters, beside its <see cref="Filters"/>.</summary>
    public sealed record Paging(
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "limit")] string? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    private static async Task<IResult> List([AsParameters] Filters filters, [AsParameters] Paging paging, DevelopmentStore developments, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = filters.Parse(errors);
        var from = Bound(errors, "from", paging.From);
        var to = Bound(errors, "to", paging.To);
        if (from > to) errors.Add("from", "'from' must not be after 'to'.");
        else if (from is not null || to is not null)
            parsed[DevelopmentStore.PeriodFacet] = DayPeriods.Period(from ?? new DateOnly(Earliest, 1, 1), to ?? new DateOnly(Latest, 12, 31));
        if (!SearchParameters.TryParse(paging.Q, paging.Limit, SearchOrder.SortKey, paging.Cursor, errors, out var query, out var problem)) return problem!;
        return TypedResults.Ok(await developments.SearchAsync(query with { Filters = parsed, CountFacets = DevelopmentStore.CountedFacets }, ct));
    }

    private const int Earliest = 1945, Latest = 2200;

    private static DateOnly? Bound(FieldErrors errors, string field, string? value)
    {
        var day = DevelopmentInput.Day(errors, field, value);
        if (day is { Year: < Earliest or > Latest }) errors.Add(field, $"'{field}' must be a day from {Earliest} to {Latest}.");
        return day;
    }

    private static async Task<IResult> Feed([AsParameters] Filters filters, HttpContext http, DevelopmentStore developments, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = filters.Parse(errors);
        if (errors.Any) return errors.ToProblem();
        var page = await developments.SearchAsync(new SearchQuery(null, DevelopmentFeed.Size, Filters: parsed), ct);
        var canonical = string.Join('&', parsed.Where(f => f.Value.Count > 0).OrderBy(f => f.Key, StringComparer.Ordinal)
            .SelectMany(f => f.Value.Select(v => $"{f.Key}={Uri.EscapeDataString(v)}")));
        var feed = new DevelopmentFeed(page.Items, PublicAddress.Of(http.Request), canonical);

        return AtomResponse.Answer(http, feed.ETag, feed.Updated, feed.ToAtom);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, DevelopmentStore developments, CancellationToken ct)
    {
        var development = await developments.GetAsync(id, ct);
        if (development is null) return Problems.NotFound($"Development {id}");
        http.Response.Headers.ETag = Preconditions.ETag(development.Version);
        return TypedResults.Ok(development);
    }

    private static async Task<IResult> Publish(HttpContext http, DevelopmentStore developments, SituationReplicas situations, TimeProvider clock,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var (valid, problem) = await ReadAsync(http, situations, clock, ct);
        if (valid is null) return problem!;
        var development = await developments.PublishAsync(valid, ct, audit: (_, after) =>
            audit.Entry(http.User, "development.published", $"development/{after.Id}", after.Headline, before: null, after));
        http.Response.Headers.ETag = Preconditions.ETag(development.Version);
        return TypedResults.Created($"{Route}/{development.Id}", development);
    }

    private static async Task<IResult> Replace(Guid id, HttpContext http, DevelopmentStore developments, SituationReplicas situations, TimeProvider clock,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var (valid, problem) = await ReadAsync(http, situations, clock, ct);
        if (valid is null) return problem!;
        var written = await developments.UpdateAsync(id, valid, expected, ct, (before, after) =>
            audit.Entry(http.User, "development.updated", $"development/{id}", after.Headline, before, after));
        return Versioned.Answer(http, "development", id, written, d => d.Version);
    }

    /// <summary>Reads and checks a body, with the situations it names looked up in the replica of the directory's.</summary>
    private static async Task<(Development? Valid, IResult? Problem)> ReadAsync(HttpContext http, SituationReplicas situations, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<DevelopmentInput>(http.Request, ct);
        if (body.Problem is not null) return (null, body.Problem);
        var known = await situations.GetManyAsync(body.Value!.SituationIds.Take(DevelopmentInput.MaxListItems), ct);
        var (valid, errors) = body.Value.Validate(known.Keys.ToHashSet(StringComparer.Ordinal), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return (valid, valid is null ? errors.ToProblem() : null);
    }
}
