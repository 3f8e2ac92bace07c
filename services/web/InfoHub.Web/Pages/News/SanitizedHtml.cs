using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace InfoHub.Web.Pages.News;

/// <summary>
/// A development's body as the news service rendered and sanitized it (HtmlSanitizer: text tags, safe links only), put
/// in the page as HTML: it is the one field a page writes unencoded. The only style attribute the sanitizer keeps is a
/// table column's alignment; the portal's Content-Security-Policy refuses inline style, so it becomes a class.
/// </summary>
public static partial class SanitizedHtml
{
    public static HtmlString Body(string sanitized) =>
        new(Style().Replace(sanitized, m => Alignment().Match(m.Groups[1].Value) is { Success: true } a ? $" class=\"align-{a.Groups[1].Value}\"" : ""));

    [GeneratedRegex(@"\s+style=""([^""]*)""")]
    private static partial Regex Style();

    [GeneratedRegex(@"^\s*text-align:\s*(left|right|center)\s*;?\s*$")]
    private static partial Regex Alignment();
}
