using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace InfoHub.NewsDigest.Digests;

/// <summary>
/// A digest as one reader gets it: in their language where the digest and its items have it, and — for a subscriber who
/// follows only some situations or themes — only the items on those (the secretariat's notes always stay).
/// </summary>
public sealed record DigestReading(Digest Digest, string Language, IReadOnlyList<string> Situations, IReadOnlyList<string> Themes)
{
    public bool Filtered => Situations.Count > 0 || Themes.Count > 0;

    /// <summary>The digest with its texts in the reader's language and only the items they follow.</summary>
    public Digest View()
    {
        var text = Language != Digest.Language && Digest.Translations.TryGetValue(Language, out var t) ? t : new DigestText(Digest.Title, Digest.Introduction);
        return Digest with
        {
            Title = text.Title, Introduction = text.Introduction ?? (Language == Digest.Language ? Digest.Introduction : null),
            Items = Digest.Items.Where(Follows).Select(i => i.In(Language) is var x && x.Headline == i.Headline && x.Summary == i.Summary
                ? i : i with { Headline = x.Headline, Summary = x.Summary, Language = Language }).ToList(),
            Errata = Digest.Errata.Select(e => e.Translations.TryGetValue(Language, out var translated) ? e with { Text = translated } : e).ToList(),
        };
    }

    private bool Follows(DigestItem item) =>
        !Filtered || item.Section == DigestSections.Note || item.Situations.Intersect(Situations).Any() || item.Themes.Intersect(Themes).Any();

    /// <summary>The digest as a standalone HTML document (every text encoded; links only http or https, as stored).</summary>
    public string Html()
    {
        var view = View();
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html>\n<html lang=\"{E(Language)}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(view.Title)}</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}h2{border-bottom:1px solid #ccc}li{margin:.5rem 0}.erratum{background:#fff4d6;padding:.5rem}</style>\n")
            .Append("</head>\n<body>\n<main>\n")
            .Append($"<h1>{E(view.Title)}</h1>\n");
        if (view.Introduction is { } intro) html.Append($"<p>{E(intro)}</p>\n");
        if (view.Errata.Count > 0)
        {
            html.Append($"<section class=\"erratum\"><h2>{E(DigestWords.Get(Language, "errata"))}</h2><ul>\n");
            foreach (var e in view.Errata) html.Append($"<li><time datetime=\"{e.PublishedAt:yyyy-MM-dd}\">{DigestWords.Day(Language, DateOnly.FromDateTime(e.PublishedAt.UtcDateTime))}</time>: {E(e.Text)}</li>\n");
            html.Append("</ul></section>\n");
        }
        foreach (var (section, items) in Sections(view))
        {
            html.Append($"<section>\n<h2>{E(DigestWords.Get(Language, section))}</h2>\n<ul>\n");
            foreach (var item in items)
            {
                // Links were checked when stored; checked again here, since this document is what a mail client opens.
                var headline = IsWebLink(item.Link) ? $"<a href=\"{E(item.Link!)}\" rel=\"nofollow noopener\">{E(item.Headline)}</a>" : E(item.Headline);
                html.Append($"<li lang=\"{E(item.Language)}\"><strong>{headline}</strong>");
                if (item.Summary is { } summary) html.Append($"<br>{E(summary)}");
                html.Append("</li>\n");
            }
            html.Append("</ul>\n</section>\n");
        }
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>The digest as plain text, for mail clients and screen readers that prefer it.</summary>
    public string Text()
    {
        var view = View();
        var text = new StringBuilder();
        text.AppendLine(view.Title).AppendLine(new string('=', view.Title.Length));
        if (view.Introduction is { } intro) text.AppendLine().AppendLine(intro);
        if (view.Errata.Count > 0)
        {
            text.AppendLine().AppendLine(DigestWords.Get(Language, "errata").ToUpperInvariant());
            foreach (var e in view.Errata) text.AppendLine($"- {e.PublishedAt:yyyy-MM-dd}: {e.Text}");
        }
        foreach (var (section, items) in Sections(view))
        {
            var heading = DigestWords.Get(Language, section);
            text.AppendLine().AppendLine(heading).AppendLine(new string('-', heading.Length));
            foreach (var item in items)
            {
                text.AppendLine($"* {item.Headline}");
                if (item.Summary is { } summary) text.AppendLine($"  {summary}");
                if (item.Link is { } link) text.AppendLine($"  {link}");
            }
        }
        return text.ToString();
    }

    private static bool IsWebLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static IEnumerable<(string Section, List<DigestItem> Items)> Sections(Digest view) =>
        DigestSections.InOrder.Select(s => (s, view.Items.Where(i => i.Section == s).ToList())).Where(s => s.Item2.Count > 0);

    /// <summary>Encodes markup characters only: letters of every script stay as they are, readable in the source too.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
