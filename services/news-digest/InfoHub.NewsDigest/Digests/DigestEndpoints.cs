using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Developments;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.NewsDigest.Digests;

public static class DigestEndpoints
{
    public const string Route = "/api/news/digests";

    public static IEndpointRouteBuilder MapDigests(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Digests").RejectUnknownQueryParameters();
        group.MapGet("/", List).AllowAnonymous()
            .WithSummary("Published digests, newest period first (the secretariat also sees drafts, with status=draft)")
            .Produces<DigestPage>().ProducesValidationProblem();
        group.MapGet("/feed.atom", Feed).AllowAnonymous()
            .WithSummary("Published digests as an Atom feed (RFC 4287)")
            .WithDescription("Send `If-None-Match` with the ETag of the last answer: 304 while nothing changed.")
            .Produces(StatusCodes.Status200OK).ProducesAlso(StatusCodes.Status200OK, AtomResponse.MediaType, typeof(string)).Produces(StatusCodes.Status304NotModified);
        group.MapGet("/{id:guid}", Get).AllowAnonymous()
            .WithSummary("A digest; with `language`, `situation` and `theme`, the view a subscriber who follows only those gets")
            .WithDescription("A draft is the secretariat's only (404 for anyone else). `language` gives the texts in that language where they exist; " +
                             "`situation` and `theme` (repeatable) keep the items on any of them, and the secretariat's notes.")
            .Produces<Digest>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/html", Html).AllowAnonymous()
            .WithSummary("A digest as an HTML document (the same parameters as the JSON)")
            .Produces(StatusCodes.Status200OK).ProducesAlso(StatusCodes.Status200OK, "text/html", typeof(string)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/text", Text).AllowAnonymous()
            .WithSummary("A digest as plain text (the same parameters as the JSON)")
            .Produces(StatusCodes.Status200OK).ProducesAlso(StatusCodes.Status200OK, "text/plain", typeof(string)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Draft).RequireAuthorization(Access.Secretariat)
            .WithSummary("Draft a digest of a period from its developments, the Council's coming agenda, resolution steps and network news")
            .AcceptsJsonBody(new DraftRequest { From = new DateOnly(2026, 11, 16), To = new DateOnly(2026, 11, 22), Language = "en" })
            .Produces<Digest>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/{id:guid}", Edit).RequireAuthorization(Access.Secretariat)
            .WithSummary("Edit a draft: title, introduction, translations, and its items in order (items left out are removed)")
            .WithDescription("Send `If-Match: \"<version>\"` to refuse the edit (412) when the draft changed since it was read. A published digest is not edited (409): publish an erratum.")
            .AcceptsJsonBody(new DigestInput { Title = "InfoHub digest, 16–22 November 2026", Introduction = "A quiet week in New York; three meetings on Darfur ahead.", Items = [] })
            .Produces<Digest>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/publish", Publish).RequireAuthorization(Access.Secretariat)
            .WithSummary("Publish a draft: it becomes public and is announced (DigestPublished); it is never edited again")
            .Produces<Digest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/errata", Erratum).RequireAuthorization(Access.Secretariat)
            .WithSummary("Correct a published digest: the erratum is attached and announced as its own event (DigestErratumPublished)")
            .AcceptsJsonBody(new ErratumInput { Text = "The open debate on the protection of civilians is on 3 December, not 2 December." })
            .Produces<Digest>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> List(string? status, string? limit, string? cursor, HttpContext http, DigestStore digests, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var wanted = status?.Trim() ?? DigestStatus.Published;
        if (wanted is not (DigestStatus.Published or DigestStatus.Draft)) errors.Add("status", "'status' is published or draft.");
        else if (wanted == DigestStatus.Draft && !http.User.IsSecretariat()) errors.Add("status", "Drafts are the secretariat's only.");
        if (!SearchParameters.TryParse(null, limit, SearchOrder.SortKey, cursor, errors, out var query, out var problem)) return problem!;
        return TypedResults.Ok(await digests.SearchAsync(query with
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [DigestStore.StatusFacet] = [wanted] },
        }, ct));
    }

    private static async Task<IResult> Feed(HttpContext http, DigestStore digests, CancellationToken ct)
    {
        var feed = new DigestFeed(await digests.NewestPublishedAsync(DigestFeed.Size, ct), PublicAddress.Of(http.Request));
        return AtomResponse.Answer(http, feed.ETag, feed.Updated, feed.ToAtom);
    }

    private static async Task<IResult> Get(Guid id, [AsParameters] ReadingParameters reading, HttpContext http, DigestStore digests, CancellationToken ct)
    {
        var (found, problem) = await ReadAsync(id, reading, http, digests, ct);
        if (found is null) return problem!;
        return Tagged(http, found, TypedResults.Ok(reading.Filtered || reading.Language is not null ? found.View() : found.Digest));
    }

    private static async Task<IResult> Html(Guid id, [AsParameters] ReadingParameters reading, HttpContext http, DigestStore digests, CancellationToken ct)
    {
        var (found, problem) = await ReadAsync(id, reading, http, digests, ct);
        if (found is null) return problem!;
        // A document of its own: no script, no outside resource, its one style sheet inline.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
        return Tagged(http, found, TypedResults.Text(found.Html(), "text/html; charset=utf-8"));
    }

    private static async Task<IResult> Text(Guid id, [AsParameters] ReadingParameters reading, HttpContext http, DigestStore digests, CancellationToken ct)
    {
        var (found, problem) = await ReadAsync(id, reading, http, digests, ct);
        return found is null ? problem! : Tagged(http, found, TypedResults.Text(found.Text(), "text/plain; charset=utf-8"));
    }

    /// <summary>The query of a reading: the reader's language, and the situations and themes they follow.</summary>
    public sealed record ReadingParameters(
        [property: FromQuery(Name = "language")] string? Language,
        [property: FromQuery(Name = "situation")] string[]? Situation,
        [property: FromQuery(Name = "theme")] string[]? Theme)
    {
        public bool Filtered => Situation is { Length: > 0 } || Theme is { Length: > 0 };
    }

    private static async Task<(DigestReading? Reading, IResult? Problem)> ReadAsync(Guid id, ReadingParameters parameters, HttpContext http,
        DigestStore digests, CancellationToken ct)
    {
        if (parameters.Language is { } language && !DigestInput.IsLanguage(language))
            return (null, Problems.Validation("language", "'language' is a BCP 47 tag such as \"fr\"."));
        var digest = await digests.GetAsync(id, ct);
        // A draft is not there for anyone but the secretariat.
        if (digest is null || !digest.IsPublished && !http.User.IsSecretariat()) return (null, Problems.NotFound($"Digest {id}"));
        return (new DigestReading(digest, parameters.Language ?? digest.Language,
            parameters.Situation?.Select(s => s.Trim()).ToList() ?? [], parameters.Theme?.Select(t => t.Trim()).ToList() ?? []), null);
    }

    private static IResult Tagged(HttpContext http, DigestReading reading, IResult result)
    {
        http.Response.Headers.ETag = Preconditions.ETag(reading.Digest.Version);
        http.Response.Headers.ContentLanguage = reading.Language;
        if (!reading.Digest.IsPublished) http.Response.Headers.CacheControl = "private, no-store";
        return result;
    }

    private static async Task<IResult> Draft(HttpContext http, DigestStore digests, DigestDrafter drafter,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<DraftRequest>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var request = body.Value!;
        var errors = new FieldErrors();
        if (!request.Validate(digests.Today, errors)) return errors.ToProblem();
        var actor = http.User.FindFirst("sub")?.Value ?? "secretariat";
        var draft = await drafter.DraftAsync(Guid.CreateVersion7(), request.From!.Value, request.To!.Value, request.Language, actor, ct);
        await digests.CreateAsync(draft, audit.Entry(http.User, "digest.drafted", $"digest/{draft.Id}", draft.Title), ct);
        http.Response.Headers.ETag = Preconditions.ETag(draft.Version);
        return TypedResults.Created($"{Route}/{draft.Id}", draft);
    }

    private static async Task<IResult> Edit(Guid id, HttpContext http, DigestStore digests,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        var body = await JsonBody.ReadAsync<DigestInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors();
        IResult? refusal = null;
        var result = await digests.ChangeAsync(id, expected, current =>
        {
            errors = new FieldErrors();
            if (current.IsPublished) { refusal = Published(id); return null; }
            return body.Value!.Apply(current, errors) is { } edited ? (edited, null, Guid.Empty) : null;
        }, (before, after) => audit.Entry(http.User, "digest.edited", $"digest/{id}", after.Title, before, after), ct);
        return Answer(http, id, result, refusal ?? (errors.Any ? errors.ToProblem() : null));
    }

    private static async Task<IResult> Publish(Guid id, HttpContext http, DigestStore digests,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (!Preconditions.TryReadIfMatch(http.Request, out var expected, out var precondition)) return precondition!;
        IResult? refusal = null;
        var result = await digests.ChangeAsync(id, expected, current =>
        {
            if (current.IsPublished) { refusal = Published(id); return null; }
            var published = current with { Status = DigestStatus.Published, PublishedAt = current.UpdatedAt };
            var eventId = Guid.NewGuid();
            return (published, published.Published(eventId), eventId);
        }, (_, after) => audit.Entry(http.User, "digest.published", $"digest/{id}", after.Title), ct);
        return Answer(http, id, result, refusal);
    }

    private static async Task<IResult> Erratum(Guid id, HttpContext http, DigestStore digests,
        [FromKeyedServices(NewsDigestExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ErratumInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors();
        IResult? refusal = null;
        var result = await digests.ChangeAsync(id, expectedVersion: null, current =>
        {
            errors = new FieldErrors();
            if (!current.IsPublished)
            {
                refusal = Problems.Field(StatusCodes.Status409Conflict, "status", "A draft is corrected by editing it; errata are for published digests.");
                return null;
            }
            if (body.Value!.Read(current, current.UpdatedAt, errors) is not { } erratum) return null;
            var eventId = Guid.NewGuid();
            var corrected = current with { Errata = [.. current.Errata, erratum] };
            return (corrected, new DigestErratumPublished
            {
                EventId = eventId, DigestId = id, Version = corrected.Version, OccurredAt = corrected.UpdatedAt, Erratum = erratum.State(),
            }, eventId);
        }, (_, after) => audit.Entry(http.User, "digest.erratum", $"digest/{id}", after.Errata[^1].Text), ct);
        return Answer(http, id, result, refusal ?? (errors.Any ? errors.ToProblem() : null));
    }

    private static IResult Published(Guid id) =>
        Problems.Field(StatusCodes.Status409Conflict, "status", $"Digest {id} is published and is not edited again; publish an erratum to correct it.");

    private static IResult Answer(HttpContext http, Guid id, (Digest? Stored, long? CurrentVersion)? result, IResult? refusal)
    {
        if (result is null) return Problems.NotFound($"Digest {id}");
        if (result.Value.Stored is { } stored)
        {
            http.Response.Headers.ETag = Preconditions.ETag(stored.Version);
            return TypedResults.Ok(stored);
        }
        if (refusal is not null) return refusal;
        return Preconditions.VersionMismatch("digest", result.Value.CurrentVersion!.Value);
    }
}
