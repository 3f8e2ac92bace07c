using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace InfoHub.NewsDigest.Developments;

/// <summary>
/// The secretariat's Markdown as HTML that is safe to put in a page, a feed or an e-mail: rendered with Markdig, then
/// passed through HtmlSanitizer, which keeps only a small set of text tags. Raw HTML in the Markdown is allowed through
/// the renderer on purpose, so the sanitizer is the one gate everything passes: no script or style, no event
/// attribute, no link but http, https and mailto (a <c>javascript:</c> or <c>data:</c> address loses its <c>href</c>),
/// no image or frame that would load something when read; links get <c>rel="nofollow noopener"</c>.
/// </summary>
public static class MarkdownHtml
{
    /// <summary>Tables, strikethrough, sub- and superscript, bare addresses as links; nothing that needs ids or scripts.</summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().UseListExtras().Build();

    // Sanitize is thread-safe on a shared instance as long as its settings are not changed meanwhile; they never are.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Render(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = Set("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "ins", "sup", "sub", "mark",
                "code", "pre", "blockquote", "ul", "ol", "li", "a", "abbr", "table", "thead", "tbody", "tr", "th", "td"),
            AllowedAttributes = Set("href", "title", "start", "style"),
            // Markdig aligns table columns with style="text-align: …"; nothing else of CSS is kept.
            AllowedCssProperties = Set("text-align"),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedSchemes = Set("http", "https", "mailto"),
            UriAttributes = Set("href"),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link) link.SetAttribute("rel", "nofollow noopener");
        };
        return sanitizer;
    }

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.OrdinalIgnoreCase);
}
