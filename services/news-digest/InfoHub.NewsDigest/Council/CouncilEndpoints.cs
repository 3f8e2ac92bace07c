using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Council;

/// <param name="Country">ISO 3166-1 alpha-2 code.</param>
/// <param name="TermStarts">An elected member's first year; null for a permanent member.</param>
/// <param name="TermEnds">An elected member's last year; null for a permanent member.</param>
public sealed record CouncilMember(string Country, string Name, bool Permanent, int? TermStarts, int? TermEnds)
{
    public static CouncilMember Of(CouncilSeat seat) => new(seat.Country, seat.Name, seat.Permanent, seat.From, seat.To);
}

/// <summary>The Council in one year: its fifteen members in the order the presidency rotates, and where the facts come from.</summary>
public sealed record CouncilYear(int Year, IReadOnlyList<CouncilMember> Members, string Source);

/// <summary>The Council in one month: who sits, and who presides.</summary>
public sealed record CouncilMonthView(string Month, IReadOnlyList<CouncilMember> Members, CouncilMember President, string Source);

public static class CouncilEndpoints
{
    public static IEndpointRouteBuilder MapCouncil(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/news/council").WithTags("Security Council").AllowAnonymous().RejectUnknownQueryParameters();
        group.MapGet("/{year:int}", (int year, HttpContext http) =>
        {
            var council = CouncilSeed.Composition;
            if (!council.IsKnown(year)) return UnknownYear(year);
            Cacheable(http);
            return TypedResults.Ok(new CouncilYear(year, council.MembersIn(year).Select(CouncilMember.Of).ToList(), CouncilSeed.Source));
        }).WithSummary("The Security Council's fifteen members in a year, in the order its presidency rotates")
            .Produces<CouncilYear>().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/months/{month}", (string month, HttpContext http) =>
        {
            if (!CouncilMonth.TryParse(month, out var parsed))
            {
                return Problems.Validation("month", $"'{month}' is not a month: write it as year-month, e.g. 2026-03.");
            }
            var council = CouncilSeed.Composition;
            if (!council.IsKnown(parsed.Year)) return UnknownYear(parsed.Year);
            if (council.PresidentIn(parsed) is not { } president)
            {
                return Problems.Field(StatusCodes.Status404NotFound, "month",
                    $"The hub derives the presidency from {council.Anchor.Month} on; {parsed} is before it.");
            }
            Cacheable(http);
            return TypedResults.Ok(new CouncilMonthView(parsed.ToString(), council.MembersIn(parsed.Year).Select(CouncilMember.Of).ToList(),
                CouncilMember.Of(president), CouncilSeed.Source));
        }).WithSummary("Who sits on the Security Council in a month (year-month, e.g. 2026-03), and who presides")
            .Produces<CouncilMonthView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult UnknownYear(int year)
    {
        var known = CouncilSeed.Composition.Years.Where(CouncilSeed.Composition.IsKnown);
        return Problems.Field(StatusCodes.Status404NotFound, "year",
            $"The hub does not know all of the Council's members in {year}; it knows {string.Join(", ", known)}.");
    }

    /// <summary>The seed changes only with a release: clients and the gateway may keep it an hour.</summary>
    private static void Cacheable(HttpContext http) => http.Response.Headers.CacheControl = "public, max-age=3600";
}
