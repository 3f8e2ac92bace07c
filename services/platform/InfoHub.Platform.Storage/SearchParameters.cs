using System.Globalization;
using InfoHub.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoHub.Platform.Storage;

/// <summary>The <c>q</c> and <c>limit</c> query parameters every search endpoint takes, validated the same way.</summary>
public static class SearchParameters
{
    public static bool TryParse(string? q, string? limit, SearchOrder order, out SearchQuery query, out ValidationProblem? problem) =>
        TryParse(q, limit, order, cursor: null, new FieldErrors(), out query, out problem);

    /// <param name="errors">Errors the caller found in its own parameters, reported together with these.</param>
    public static bool TryParse(string? q, string? limit, SearchOrder order, string? cursor, FieldErrors errors,
        out SearchQuery query, out ValidationProblem? problem)
    {
        if (q is { Length: > SearchQuery.MaxTextLength }) errors.Add("q", $"'q' must be at most {SearchQuery.MaxTextLength} characters long.");
        var size = SearchQuery.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size)
                                  || size is < 1 or > SearchQuery.MaxLimit))
        {
            errors.Add("limit", $"'limit' must be a whole number from 1 to {SearchQuery.MaxLimit}.");
        }
        query = new SearchQuery(q, size, order, After: cursor);
        if (cursor is not null && !SearchCursor.TryDecode(cursor, query.EffectiveOrder, out _, out _))
            errors.Add("cursor", "'cursor' must be a 'next' value this API returned for the same sort.");
        problem = errors.Any ? errors.ToProblem() : null;
        return problem is null;
    }
}
