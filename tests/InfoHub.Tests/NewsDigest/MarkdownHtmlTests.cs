using InfoHub.NewsDigest.Developments;

namespace InfoHub.Tests.NewsDigest;

public sealed class MarkdownHtmlTests
{
    [Theory]
    [InlineData("Before <script>alert('x')</script> after", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("<a href=\"https://example.org\" onclick=\"steal()\">site</a>", "onclick")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("[click](JaVaScRiPt:alert(1))", "javascript:")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">click</a>", "avascript")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>", "<iframe")]
    [InlineData("<style>body{display:none}</style>text", "<style")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "javascript")]
    [InlineData("![pixel](https://tracker.example.org/p.gif)", "<img")]
    public void Markdown_renders_without_scripts_event_attributes_or_dangerous_addresses(string markdown, string forbidden)
    {
        var html = MarkdownHtml.Render(markdown);

        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ordinary_Markdown_keeps_its_formatting_and_links_get_nofollow()
    {
        var html = MarkdownHtml.Render("A **bold** claim, ~~struck~~, and [the source](https://press.un.org/en).\n\n| a | b |\n|---|--:|\n| 1 | 2 |");

        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<del>struck</del>", html);
        Assert.Contains("<a href=\"https://press.un.org/en\" rel=\"nofollow noopener\">the source</a>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("text-align: right", html);
    }

    [Fact]
    public void No_Markdown_is_no_HTML() => Assert.Equal("", MarkdownHtml.Render("  "));
}
