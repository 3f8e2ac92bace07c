using Microsoft.Net.Http.Headers;

namespace InfoHub.NewsDigest;

/// <summary>
/// Answers a feed poll: ETag, Last-Modified and a short public cache lifetime, and 304 while nothing changed, so that
/// many readers polling cost a lookup each and no XML.
/// </summary>
public static class AtomResponse
{
    public const string MediaType = "application/atom+xml";

    public static IResult Answer(HttpContext http, string etag, DateTimeOffset updated, Func<byte[]> render)
    {
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = EntityTagHeaderValue.Parse(etag);
        headers.LastModified = updated;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(1) };
        if (NotModified(http.Request.GetTypedHeaders(), etag, updated)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(render(), MediaType + "; charset=utf-8");
    }

    /// <summary>RFC 9110: If-None-Match decides when sent (weak comparison); otherwise If-Modified-Since, to the second.</summary>
    private static bool NotModified(Microsoft.AspNetCore.Http.Headers.RequestHeaders request, string etag, DateTimeOffset updated)
    {
        if (request.IfNoneMatch.Count > 0)
            return request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(EntityTagHeaderValue.Parse(etag), useStrongComparison: false));
        return request.IfModifiedSince is { } since && updated.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }
}
