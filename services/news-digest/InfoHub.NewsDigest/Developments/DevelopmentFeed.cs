using System.Net;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace InfoHub.NewsDigest.Developments;

/// <summary>
/// The Atom feed (RFC 4287) of the newest developments, optionally narrowed by the list's filters. Ids are stable: the
/// feed's is a URN naming its filters, an entry's is the development's <c>urn:uuid</c>, kept across edits, so a reader
/// shows an edited entry as changed rather than new. The ETag is derived from what the feed shows (the entries and their
/// versions, and the address links are built on), so a poll that finds nothing new costs a search and no XML.
/// </summary>
public sealed class DevelopmentFeed(IReadOnlyList<Development> items, string root, string filters)
{
    public const int Size = 50;
    public const string MediaType = "application/atom+xml";

    // Part of the ETag: a change to how the feed is written changes every ETag with it.
    private const string Format = "atom-1";

    /// <summary>One feed per set of filters (<c>organ=security-council&amp;situation=darfur</c>), the same at every address of the hub.</summary>
    public string Id => "urn:infohub:news:developments" + (filters.Length == 0 ? "" : ":" + filters);

    public DateTimeOffset Updated => items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(d => d.UpdatedAt);

    public string ETag => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', items.Select(d => $"{d.Id}/{d.Version}").Prepend(root).Prepend(Id).Prepend(Format)))))[..32]}\"";

    public byte[] ToAtom()
    {
        var query = filters.Length == 0 ? "" : "?" + filters;
        var feed = new SyndicationFeed("UN developments — InfoHub", "What happened at the UN on the situations and themes the network follows.",
            new Uri($"{root}{DevelopmentEndpoints.Route}{query}"), Id, Updated);
        feed.Links[0].MediaType = "application/json";
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri($"{root}{DevelopmentEndpoints.Route}/feed.atom{query}"), MediaType));
        feed.Authors.Add(new SyndicationPerson { Name = "InfoHub secretariat" });
        feed.Items = items.Select(Entry).ToList();

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return buffer.ToArray();
    }

    private SyndicationItem Entry(Development d)
    {
        var entry = new SyndicationItem
        {
            Id = $"urn:uuid:{d.Id}",
            Title = new TextSyndicationContent(d.Headline),
            Summary = new TextSyndicationContent(d.Summary),
            // No body: the summary is the content, so a reader always has something to show.
            Content = new TextSyndicationContent(d.BodyHtml.Length > 0 ? d.BodyHtml : $"<p>{WebUtility.HtmlEncode(d.Summary)}</p>", TextSyndicationContentKind.Html),
            PublishDate = d.CreatedAt,
            LastUpdatedTime = d.UpdatedAt,
        };
        entry.Links.Add(SyndicationLink.CreateAlternateLink(new Uri($"{root}{DevelopmentEndpoints.Route}/{d.Id}"), "application/json"));
        if (d.Link is not null) entry.Links.Add(new SyndicationLink(new Uri(d.Link), "related", "Source", null, 0));
        // The terms are the list's filter values; the schemes say which filter.
        entry.Categories.Add(new SyndicationCategory(d.Organ, "urn:infohub:news:organ", null));
        foreach (var situation in d.Situations) entry.Categories.Add(new SyndicationCategory(situation, "urn:infohub:news:situation", null));
        foreach (var theme in d.Themes) entry.Categories.Add(new SyndicationCategory(theme, "urn:infohub:news:theme", null));
        return entry;
    }
}
