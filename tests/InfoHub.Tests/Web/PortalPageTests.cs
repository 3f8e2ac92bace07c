using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom.Events;
using AngleSharp.Html.Parser;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// Every page of the portal, as Chromium loads it: no serious or critical accessibility violation (axe), the security
/// headers, HTML that parses without error, an antiforgery token in every form that posts, and a friendly page (not a
/// 500) for addresses the directory refuses.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalPageTests(PortalFixture portal)
{
    private const string DemoMember = "70398e4d-5b4f-5a43-b838-6871a9969ad3";

    /// <summary>Each page with the status it answers: the readable ones, then refusals shown as pages.</summary>
    public static TheoryData<string, int> Pages => new()
    {
        { "/", 200 },
        { "/directory", 200 },
        { "/directory?q=demo&theme=prevention&region=002&sort=name", 200 },
        { $"/directory/organizations/{DemoMember}", 200 },
        { "/situations", 200 },
        { "/situations/darfur", 200 },
        { "/news", 200 },
        { $"/news/{PortalNewsTests.DarfurBriefing}", 200 },
        { $"/news/{PortalNewsTests.GeneralAssemblyDebate}", 200 },
        { "/council", 200 },
        { "/resolutions", 200 },
        { "/digests", 200 },
        { "/language", 200 },
        { "/signin?failed=true", 200 },
        { "/directory?theme=no-such-theme&limit=abc", 400 },
        { "/directory?cursor=not-a-cursor", 400 },
        { "/directory/organizations/00000000-0000-0000-0000-000000000001", 404 },
        { "/situations/no-such-situation", 404 },
        { "/situations/darfur?cursor=%00", 400 },
        { "/news?organ=no-such-organ", 400 },
        { "/council/2026-13", 400 },
        { "/resolutions/00000000-0000-0000-0000-000000000001", 404 },
        { "/digests/00000000-0000-0000-0000-000000000001", 404 },
        { "/no/such/page", 404 },
    };

    [Fact]
    public async Task An_address_nothing_answers_is_a_page_for_people_and_stays_a_problem_for_programs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = portal.Address };
        using var page = await http.GetAsync("/an-old-link", ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync(ct));

        using var api = await http.GetAsync("/api/directory/no-such-thing", ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_is_accessible_well_formed_and_sent_with_strict_security_headers(string path, int status)
    {
        foreach (var locale in new[] { "en-GB", "fr-FR", "es-ES" })
        {
            var page = await portal.NewPageAsync(new() { Locale = locale });
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            Assert.Equal(status, response.Status);

            await AssertAccessibleAndWellFormedAsync(page, response, path, locale);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Pages only the signed-in see, with a secretariat member signed in (in each language, chosen in the header):
    /// the same checks as every public page.
    /// </summary>
    [Fact]
    public async Task Every_signed_in_page_is_accessible_well_formed_and_sent_with_strict_security_headers()
    {
        var organization = await portal.NewOrganizationAsync("Signed In Pages");
        var (digest, _) = await PortalDigestTests.NewDraftAsync(portal);
        var page = await portal.SignedInSecretariatAsync("en-GB", "/");
        foreach (var (locale, language) in new[] { ("en-GB", "English"), ("fr-FR", "Français"), ("es-ES", "Español") })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = language, Exact = true }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale[..2]);
            foreach (var path in new[] { "/my-account", "/my-account/two-factor", "/workspace", "/workspace/accounts", "/workspace/import",
                                         "/workspace/audit", "/workspace/clients", "/workspace/agenda-watch",
                                         "/workspace/digests", $"/workspace/digests/{digest}", $"/workspace/digests/{digest}/preview?language=fr",
                                         $"/workspace/digests/{digest}/preview?language=es&format=text", $"/workspace/digests/{digest}/publish",
                                         $"/directory/organizations/{organization}/edit" })
            {
                var response = await page.GotoAsync(path);
                Assert.NotNull(response);
                Assert.Equal(200, response.Status);
                await AssertAccessibleAndWellFormedAsync(page, response, path, locale);
            }
        }
    }

    /// <summary>
    /// The page <paramref name="response"/> loaded: sent with the strict security headers, parsed without an error, in
    /// <paramref name="locale"/>'s language, without inline script or style, with an antiforgery token in every posting
    /// form, a heading, and no serious or critical accessibility violation (axe).
    /// </summary>
    internal static async Task AssertAccessibleAndWellFormedAsync(IPage page, IResponse response, string path, string locale)
    {
        var headers = response.Headers;
        var csp = headers["content-security-policy"];
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("same-origin", headers["referrer-policy"]);

        var (document, errors) = Parse(await response.TextAsync());
        Assert.True(errors.Count == 0, $"{path} ({locale}) does not parse cleanly:\n{string.Join('\n', errors)}");
        Assert.Equal(locale[..2], document.DocumentElement.GetAttribute("lang"));
        Assert.Empty(document.QuerySelectorAll("[style], style, script:not([src])"));
        Assert.All(document.QuerySelectorAll("form[method=post]"), form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        Assert.NotNull(document.QuerySelector("main h1"));

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, $"{path} ({locale}):\n{string.Join('\n', serious)}");
    }

    [Fact]
    public void The_HTML_check_reports_what_a_browser_would_have_to_repair()
    {
        Assert.Empty(Parse("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><p>fine</p></body></html>").Errors);
        Assert.NotEmpty(Parse("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><p id=\"a\" id=\"b\">x</span></body></html>").Errors);
        Assert.NotEmpty(Parse("<html><body><table><tr><td>cell</td></tr><p>stray</p></table></body></html>").Errors);
    }

    /// <summary>The page as HTML5 parsing builds it, with every parse error AngleSharp reports (a browser would silently repair them).</summary>
    private static (AngleSharp.Html.Dom.IHtmlDocument Document, List<string> Errors) Parse(string html)
    {
        var parser = new HtmlParser();
        var errors = new List<string>();
        parser.Error += (_, e) => errors.Add(e is HtmlErrorEvent error ? $"{error.Position.Line}:{error.Position.Column} {error.Message}" : e.ToString()!);
        return (parser.ParseDocument(html), errors);
    }

    [Fact]
    public async Task A_first_visit_weighs_at_most_250_KB()
    {
        foreach (var path in new[] { "/", "/directory", $"/directory/organizations/{DemoMember}" })
        {
            var page = await portal.NewPageAsync();
            long bytes = 0;
            var finished = new List<Task>();
            page.RequestFinished += (_, request) => finished.Add(Task.Run(async () =>
            {
                var sizes = await request.SizesAsync();
                Interlocked.Add(ref bytes, sizes.ResponseBodySize + sizes.ResponseHeadersSize);
            }));
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Task.WhenAll(finished);

            Assert.True(finished.Count >= 3, $"{path}: the page, its stylesheet and its script should all load; {finished.Count} requests finished");
            Assert.InRange(bytes, 1, 250 * 1024);
            TestContext.Current.SendDiagnosticMessage($"first visit of {path}: {finished.Count} requests, {bytes / 1024.0:F1} KB");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Assets_are_served_by_the_portal_itself_and_nothing_is_requested_elsewhere()
    {
        var page = await portal.NewPageAsync();
        var hosts = new HashSet<string>();
        page.Request += (_, request) => hosts.Add(new Uri(request.Url).Authority);
        await page.GotoAsync($"/directory/organizations/{DemoMember}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal([portal.Address.Authority], hosts);

        var css = await page.Context.APIRequest.GetAsync("/assets/css/site.css");
        Assert.Equal(200, css.Status);
        Assert.StartsWith("text/css", css.Headers["content-type"]);
        Assert.Equal("nosniff", css.Headers["x-content-type-options"]);
    }

    [Fact]
    public async Task The_embedded_host_serves_the_portal_at_its_root_and_lists_its_APIs_for_programs_at_api()
    {
        if (portal.SkipReason is not null) Assert.Skip(portal.SkipReason);
        using var http = new HttpClient { BaseAddress = portal.Address };
        using var root = await http.GetAsync("", TestContext.Current.CancellationToken);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);

        var api = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("api", TestContext.Current.CancellationToken);
        Assert.Equal("embedded", api.GetProperty("mode").GetString());
        Assert.Equal("/", api.GetProperty("links").GetProperty("portal").GetString());
        Assert.Equal("/api/directory/organizations", api.GetProperty("links").GetProperty("organizations").GetString());
    }

    [Theory]
    [InlineData("en", "1 organization", "1 activity")]
    [InlineData("fr", "1 organisation", "1 activité")]
    [InlineData("es", "1 organización", "1 actividad")]
    public async Task One_result_and_one_activity_are_counted_in_the_singular(string language, string organization, string activity)
    {
        if (portal.SkipReason is not null) Assert.Skip(portal.SkipReason);
        using var http = new HttpClient { BaseAddress = portal.Address };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        // International Alert, the demo directory's only match for "alert" in the United Kingdom, records one activity.
        var html = await http.GetStringAsync("directory?q=alert&country=GB", TestContext.Current.CancellationToken);

        Assert.Contains($">{organization}</h2>", html);
        Assert.Contains($" · {activity} ", html); // not "1 activités"
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        if (portal.SkipReason is not null) Assert.Skip(portal.SkipReason);
        using var http = new HttpClient { BaseAddress = portal.Address };
        using var response = await http.PostAsync("language", new FormUrlEncodedContent([KeyValuePair.Create("culture", "fr")]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(InfoHub.Web.WebPortalExtensions.LanguageCookie, StringComparison.Ordinal)));
    }
}
