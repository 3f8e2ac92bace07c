namespace InfoHub.NewsDigest.Developments;

/// <summary>
/// The address a reader used to reach the hub (<c>https://hub.example.org</c>), for absolute links in feeds. Behind the
/// gateway a request arrives on the service's own host, with the reader's scheme and host in <c>X-Forwarded-Proto</c> and
/// <c>X-Forwarded-Host</c>, which the gateway sets (replacing what a client sent); without them, the request's own.
/// A value that is not a plain scheme or host is ignored, so a forged header cannot put anything but an address in a link.
/// </summary>
public static class PublicAddress
{
    public static string Of(HttpRequest request)
    {
        var scheme = First(request.Headers["X-Forwarded-Proto"]) is { } forwarded && forwarded is "http" or "https" ? forwarded : request.Scheme;
        var host = First(request.Headers["X-Forwarded-Host"]) is { Length: > 0 } named && IsHost(scheme, named) ? named : request.Host.Value;
        return $"{scheme}://{host}{request.PathBase}";
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values[0]?.Split(',')[0].Trim().ToLowerInvariant();

    /// <summary>A host name or address with an optional port, and nothing else (no user, path, query or fragment).</summary>
    private static bool IsHost(string scheme, string host) =>
        Uri.TryCreate($"{scheme}://{host}/", UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0 && uri.PathAndQuery == "/"
        && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase);
}
