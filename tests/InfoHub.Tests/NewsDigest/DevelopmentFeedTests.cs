using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using InfoHub.Tests.Directory;
using static InfoHub.Tests.NewsDigest.NewsApi;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The Atom feed of developments, read back as a feed reader does and checked against RFC 4287's required elements.</summary>
public sealed class DevelopmentFeedTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task The_feed_has_every_element_RFC_4287_requires_and_an_edited_entry_keeps_its_id()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        var body = Body(theme);
        body["body"] = "Read the <script>alert(1)</script>[statement](javascript:alert(2)).";
        var id = (await Secretariat.PublishAsync(body)).GetProperty("id").GetGuid();
        await Secretariat.PublishAsync(Body(theme, "A second development on Darfur"));
        using var anonymous = Hub.CreateClient();

        var (feed, xml) = await ReadAsync(anonymous, $"{Developments}/feed.atom?theme={theme}");
        using var edited = await Secretariat.PutAsync($"{Developments}/{id}", Body(theme, "Council briefing on Darfur, corrected").Content(), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var (after, _) = await ReadAsync(anonymous, $"{Developments}/feed.atom?theme={theme}");

        var root = xml.Root!;
        Assert.Equal(Atom + "feed", root.Name);
        foreach (var required in new[] { "id", "title", "updated" }) Assert.False(string.IsNullOrWhiteSpace(root.Element(Atom + required)?.Value), required);
        Assert.False(string.IsNullOrWhiteSpace(root.Element(Atom + "author")?.Element(Atom + "name")?.Value));
        Assert.StartsWith("urn:", root.Element(Atom + "id")!.Value);
        var self = root.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self");
        Assert.Equal($"http://localhost{Developments}/feed.atom?theme={theme}", (string?)self.Attribute("href"));
        Assert.Single(root.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
        var entries = root.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        foreach (var entry in entries)
        {
            foreach (var required in new[] { "id", "title", "updated", "summary", "content" })
                Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + required)?.Value), required);
            Assert.True(Uri.IsWellFormedUriString(entry.Element(Atom + "id")!.Value, UriKind.Absolute));
            Assert.Contains(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate"
                && ((string?)l.Attribute("href"))!.StartsWith("http://localhost/api/news/developments/", StringComparison.Ordinal));
        }

        var first = feed.Items.Single(i => i.Id == $"urn:uuid:{id}");
        var content = ((TextSyndicationContent)first.Content).Text;
        Assert.Contains("statement", content);
        Assert.DoesNotContain("<script", content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", content, StringComparison.OrdinalIgnoreCase);
        var corrected = after.Items.Single(i => i.Id == $"urn:uuid:{id}");
        Assert.Equal("Council briefing on Darfur, corrected", corrected.Title.Text);
        Assert.True(corrected.LastUpdatedTime >= first.LastUpdatedTime); // Atom dates are written to the second
        Assert.Equal(2, after.Items.Count());
        Assert.Equal(feed.Id, after.Id);
    }

    [Fact]
    public async Task A_poll_with_the_last_ETag_gets_304_until_something_changes()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        await Secretariat.PublishAsync(Body(theme));
        using var reader = Hub.CreateClient();
        var url = $"{Developments}/feed.atom?theme={theme}";

        using var first = await reader.GetAsync(url, Ct);
        var etag = first.Headers.ETag!;
        using var again = await SendAsync(reader, url, etag);
        await Secretariat.PublishAsync(Body(theme, "Another development on Darfur"));
        using var changed = await SendAsync(reader, url, etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/atom+xml", first.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Links_are_built_on_the_address_the_gateway_forwards()
    {
        await Secretariat.EnsureSituationsAsync("darfur");
        var theme = UniqueTheme();
        await Secretariat.PublishAsync(Body(theme));
        using var reader = Hub.CreateClient();
        reader.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        reader.DefaultRequestHeaders.Add("X-Forwarded-Host", "hub.example.org");

        var (feed, _) = await ReadAsync(reader, $"{Developments}/feed.atom?theme={theme}");

        Assert.Equal($"https://hub.example.org{Developments}/feed.atom?theme={theme}", feed.Links.Single(l => l.RelationshipType == "self").Uri.ToString());
        Assert.StartsWith("https://hub.example.org/api/news/developments/", feed.Items.Single().Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
    }

    [Theory]
    [InlineData("organ=security-counsel", "organ")]
    [InlineData("format=rss", "format")]
    public async Task A_bad_feed_parameter_is_refused_naming_it(string query, string field)
    {
        using var response = await Hub.CreateClient().GetAsync($"{Developments}/feed.atom?{query}", Ct);

        await DirectoryApi.AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    private static async Task<(SyndicationFeed Feed, XDocument Xml)> ReadAsync(HttpClient client, string url)
    {
        var bytes = await client.GetByteArrayAsync(url, Ct);
        using var reader = XmlReader.Create(new MemoryStream(bytes));
        return (SyndicationFeed.Load(reader), XDocument.Load(new MemoryStream(bytes)));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request, Ct);
    }
}
