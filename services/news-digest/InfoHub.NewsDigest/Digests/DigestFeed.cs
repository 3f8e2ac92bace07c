using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace InfoHub.NewsDigest.Digests;

/// <summary>
/// The Atom feed (RFC 4287) of published digests, newest period first. An entry's id is the digest's <c>urn:uuid</c>; an
/// erratum updates the entry (its <c>updated</c> and content), so a reader shows the digest as changed, not as a new one.
/// </summary>
public sealed class DigestFeed(IReadOnlyList<Digest> digests, string root)
{
    public const int Size = 30;
    public const string Id = "urn:infohub:news:digests";

    public DateTimeOffset Updated => digests.Count == 0 ? DateTimeOffset.UnixEpoch : digests.Max(d => d.UpdatedAt);

    public string ETag => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', digests.Select(d => $"{d.Id}/{d.Version}").Prepend(root).Prepend("atom-1")))))[..32]}\"";

    public byte[] ToAtom()
    {
        var feed = new SyndicationFeed("Digests — InfoHub", "The secretariat's digests: the UN, the Security Council's agenda, resolutions and the network.",
            new Uri($"{root}{DigestEndpoints.Route}"), Id, Updated);
        feed.Links[0].MediaType = "application/json";
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri($"{root}{DigestEndpoints.Route}/feed.atom"), AtomResponse.MediaType));
        feed.Authors.Add(new SyndicationPerson { Name = "InfoHub secretariat" });
        feed.Items = digests.Select(d =>
        {
            var reading = new DigestReading(d, d.Language, [], []);
            var entry = new SyndicationItem
            {
                Id = $"urn:uuid:{d.Id}",
                Title = new TextSyndicationContent(d.Title),
                Summary = new TextSyndicationContent(d.Introduction ?? string.Join(" · ", d.Items.Take(5).Select(i => i.Headline))),
                Content = new TextSyndicationContent(Body(reading.Html()), TextSyndicationContentKind.Html),
                PublishDate = d.PublishedAt ?? d.UpdatedAt,
                LastUpdatedTime = d.UpdatedAt,
            };
            entry.Links.Add(SyndicationLink.CreateAlternateLink(new Uri($"{root}{DigestEndpoints.Route}/{d.Id}/html"), "text/html"));
            entry.Links.Add(new SyndicationLink(new Uri($"{root}{DigestEndpoints.Route}/{d.Id}"), "alternate", null, "application/json", 0));
            return entry;
        }).ToList();

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>The document's body only: a feed entry's HTML content is a fragment.</summary>
    private static string Body(string document)
    {
        var start = document.IndexOf("<main>", StringComparison.Ordinal);
        var end = document.LastIndexOf("</main>", StringComparison.Ordinal);
        return start < 0 || end < 0 ? document : document[(start + "<main>".Length)..end];
    }
}
