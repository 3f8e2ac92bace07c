using System.Globalization;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The news digest's digests, as the portal calls them (as the signed-in person: drafts and changes are the
/// secretariat's, and the API checks it): the archive and its readings, and the composer's draft, edit, publish and errata.
/// </summary>
public sealed class DigestApi(HttpClient http, ILogger<DigestApi> logger) : HubApi(http, logger)
{
    private const string Route = "api/news/digests";

    /// <summary>The Atom feed of the published digests.</summary>
    public const string Feed = "/" + Route + "/feed.atom";

    /// <summary>The archive's parameters, in the API's names: the portal passes on these and no others.</summary>
    public static readonly string[] ListParameters = ["cursor"];

    /// <summary>The digests of one status (published, or the secretariat's drafts), newest period first.</summary>
    public Task<ApiResult<NewsPage<DigestSummary>>> ListAsync(string status, IEnumerable<KeyValuePair<string, string>> query, int limit, CancellationToken ct) =>
        GetAsync<NewsPage<DigestSummary>>(Route + QueryString(query.Prepend(KeyValuePair.Create("status", status))
            .Append(KeyValuePair.Create("limit", limit.ToString(CultureInfo.InvariantCulture)))), ct);

    /// <summary>A digest whole, or — with a language, situations or themes — as a reader of those gets it.</summary>
    public Task<ApiResult<Digest>> ReadAsync(Guid id, DigestReading? reading, CancellationToken ct) =>
        GetAsync<Digest>($"{Route}/{id}" + QueryString(reading?.Pairs ?? []), ct);

    /// <summary>The reading as plain text, as a mail client gets it.</summary>
    public Task<ApiResult<string>> TextAsync(Guid id, DigestReading reading, CancellationToken ct) =>
        GetAsync<string>($"{Route}/{id}/text" + QueryString(reading.Pairs), ct);

    public Task<ApiResult<Digest>> DraftAsync(DateOnly? from, DateOnly? to, string? language, CancellationToken ct) =>
        SendJsonAsync<Digest>(HttpMethod.Post, Route, new { from, to, language }, ct);

    /// <summary>Replaces a draft's texts and items, only if it is still at <paramref name="version"/> (else 412).</summary>
    public Task<ApiResult<Digest>> SaveAsync(Guid id, DigestChange change, long version, CancellationToken ct) =>
        SendJsonAsync<Digest>(HttpMethod.Put, $"{Route}/{id}", change, ct, version);

    /// <summary>Publishes a draft as it was at <paramref name="version"/>, the one the secretariat previewed (else 412).</summary>
    public Task<ApiResult<Digest>> PublishAsync(Guid id, long version, CancellationToken ct) =>
        SendJsonAsync<Digest>(HttpMethod.Post, $"{Route}/{id}/publish", null, ct, version);

    public Task<ApiResult<Digest>> ErratumAsync(Guid id, string? text, CancellationToken ct) =>
        SendJsonAsync<Digest>(HttpMethod.Post, $"{Route}/{id}/errata", new { text }, ct);

    /// <summary>Addresses of a reading in the API's other formats, for the links a page offers.</summary>
    public static string Address(Guid id, string format, DigestReading reading) => $"/{Route}/{id}/{format}" + QueryString(reading.Pairs);
}

/// <summary>What one reader asks of a digest: their language, and the situations and themes they follow (none: all).</summary>
public sealed record DigestReading(string? Language, IReadOnlyList<string> Situations, IReadOnlyList<string> Themes)
{
    public static DigestReading In(string language) => new(language, [], []);

    public bool Filtered => Situations.Count > 0 || Themes.Count > 0;

    public IEnumerable<KeyValuePair<string, string>> Pairs =>
        [.. Language is null ? [] : new[] { KeyValuePair.Create("language", Language) },
         .. Situations.Select(s => KeyValuePair.Create("situation", s)), .. Themes.Select(t => KeyValuePair.Create("theme", t))];
}
