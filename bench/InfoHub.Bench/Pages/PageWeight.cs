using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace InfoHub.Bench.Pages;

/// <summary>One response of a first visit: the page or an asset it references, with its size as transferred.</summary>
/// <param name="HeaderBytes">The status line and headers as HTTP/1.1 would send them (reconstructed from the parsed headers).</param>
/// <param name="BodyBytes">The body as received: compressed when <paramref name="ContentEncoding"/> is set.</param>
public sealed record Transfer(string Path, string Referenced, int Status, string? ContentType, string? ContentEncoding, long HeaderBytes, long BodyBytes)
{
    public long Bytes => HeaderBytes + BodyBytes;
}

/// <summary>A page visited with an empty cache: the HTML, then every stylesheet, script, image and font it pulls in.</summary>
/// <param name="External">Referenced assets on other origins: not fetched, not counted.</param>
public sealed record FirstVisit(string Page, IReadOnlyList<Transfer> Transfers, IReadOnlyList<string> External)
{
    public long Bytes => Transfers.Sum(t => t.Bytes);
    public double Kb => Math.Round(Bytes / 1024.0, 1);
    public bool Compressed => Transfers.Any(t => t.ContentEncoding is not null);
    public bool MeetsTarget => Kb <= PagesSettings.TargetFirstVisitKb;
}

/// <summary>
/// What a browser downloads on a first visit to a page: a fresh client (no cache, no cookies) that says it takes gzip,
/// deflate and brotli, reads the HTML's <c>link[href]</c> (stylesheets, icons, preloads), <c>script[src]</c> and
/// <c>img[src]</c>, and in each stylesheet its <c>url(…)</c> and <c>@import</c>s, each address once.
/// </summary>
public static partial class PageWeight
{
    /// <summary>Link relations a browser fetches on load (a canonical or alternate link is not fetched).</summary>
    private static readonly string[] FetchedRelations = ["stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"];

    public static async Task<FirstVisit> VisitAsync(Uri origin, string page, CancellationToken ct)
    {
        using var http = PagesBench.BrowserLikeClient(origin);
        var transfers = new List<Transfer>();
        var external = new List<string>();
        var seen = new HashSet<Uri>();
        var queue = new Queue<(Uri Address, string Referenced)>([(new Uri(origin, page), "page")]);
        while (queue.TryDequeue(out var next))
        {
            if (!seen.Add(next.Address)) continue;
            var (transfer, text) = await FetchAsync(http, next.Address, next.Referenced, ct);
            transfers.Add(transfer);
            var references = transfer.ContentType switch
            {
                "text/html" => HtmlReferences(text),
                "text/css" => CssReferences(text),
                _ => [],
            };
            foreach (var (reference, kind) in references)
            {
                if (!Uri.TryCreate(next.Address, reference, out var address) || address.Scheme is not ("http" or "https")) continue;
                if (address.Authority != origin.Authority) external.Add(address.ToString());
                else queue.Enqueue((new UriBuilder(address) { Fragment = "" }.Uri, kind));
            }
        }
        return new FirstVisit(page, transfers, external);
    }

    private static async Task<(Transfer, string Text)> FetchAsync(HttpClient http, Uri address, string referenced, CancellationToken ct)
    {
        using var response = await http.GetAsync(address, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var encoding = response.Content.Headers.ContentEncoding.LastOrDefault();
        var headers = response.Headers.Concat(response.Content.Headers)
            .Sum(h => Encoding.ASCII.GetByteCount($"{h.Key}: {string.Join(", ", h.Value)}\r\n"));
        var statusLine = Encoding.ASCII.GetByteCount($"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n\r\n");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var text = mediaType is "text/html" or "text/css" ? Encoding.UTF8.GetString(Decompress(body, encoding)) : "";
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {address} ({referenced}) answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        return (new Transfer(address.PathAndQuery, referenced, (int)response.StatusCode, mediaType, encoding, headers + statusLine, body.Length), text);
    }

    private static byte[] Decompress(byte[] body, string? encoding)
    {
        if (encoding is null or "identity") return body;
        using var input = new MemoryStream(body);
        using Stream decoder = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"Content-Encoding {encoding} is not one the bench asked for."),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    private static IEnumerable<(string Reference, string Kind)> HtmlReferences(string html)
    {
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            var attributes = Attribute().Matches(tag.Value).DistinctBy(a => a.Groups["name"].Value.ToLowerInvariant()).ToDictionary(
                a => a.Groups["name"].Value.ToLowerInvariant(), a => WebUtility.HtmlDecode(a.Groups["value"].Value), StringComparer.Ordinal);
            var (reference, kind) = name switch
            {
                "link" when attributes.GetValueOrDefault("rel", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(FetchedRelations.Contains)
                    => (attributes.GetValueOrDefault("href"), "link " + attributes["rel"]),
                "script" => (attributes.GetValueOrDefault("src"), "script"),
                "img" => (attributes.GetValueOrDefault("src"), "img"),
                _ => (null, ""),
            };
            if (!string.IsNullOrWhiteSpace(reference)) yield return (reference, kind);
        }
    }

    private static IEnumerable<(string Reference, string Kind)> CssReferences(string css) =>
        CssUrl().Matches(css).Select(m => m.Groups["url"].Value.Trim())
            .Where(u => u.Length > 0 && !u.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            .Select(u => (u, "css url()"));

    [GeneratedRegex(@"<(?<name>link|script|img)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s(?<name>[a-zA-Z-]+)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s>""']+))")]
    private static partial Regex Attribute();

    /// <summary><c>url(x)</c>, <c>url("x")</c>, <c>url('x')</c>, and <c>@import "x"</c>.</summary>
    [GeneratedRegex(@"url\(\s*[""']?(?<url>[^""')]+)[""']?\s*\)|@import\s+[""'](?<url>[^""']+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
