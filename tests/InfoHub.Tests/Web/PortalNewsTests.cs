using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// The news digest's pages as a visitor uses them on the demo hub: the Council's month and its calendar, the resolution
/// tracker (its filters without JavaScript) and a vote by member, a development in the reader's language, and a
/// situation at the Security Council.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalNewsTests(PortalFixture portal)
{
    /// <summary>Demo developments, whose ids the seed derives from their headlines: one translated into French, one with a table.</summary>
    public const string DarfurBriefing = "ec1aa406-cbb8-650c-3974-3cac34cb1736";
    public const string GeneralAssemblyDebate = "07a536f1-27e7-851d-f7cf-5c2da361e6df";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_visitor_sees_the_Councils_month_with_its_president_and_meetings_in_New_York_time_and_subscribes_to_its_calendar()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Security Council" }).ClickAsync();

        using var http = new HttpClient { BaseAddress = portal.Address };
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/council");
        var month = InfoHub.Web.Pages.Council.CouncilMonthPage.CurrentMonth(TimeProvider.System);
        var programme = await http.GetFromJsonAsync<JsonElement>($"api/news/programme/months/{month}", Ct);
        await Expect(page.Locator("main")).ToContainTextAsync($"Presidency: {programme.GetProperty("president").GetProperty("name").GetString()}");
        var first = programme.GetProperty("meetings")[0];
        var local = first.GetProperty("startsAtLocal").GetDateTimeOffset();
        var utc = first.GetProperty("startsAt").GetDateTimeOffset().ToUniversalTime();
        await Expect(page.Locator("section[aria-labelledby=programme-title] .meeting").First).ToContainTextAsync($"{local:HH:mm} New York time ({utc:HH:mm} UTC)");

        var calendar = await page.GetByRole(AriaRole.Link, new() { Name = "calendar file (iCalendar)" }).GetAttributeAsync("href");
        var ics = await page.Context.APIRequest.GetAsync(calendar!);
        Assert.Equal(200, ics.Status);
        Assert.StartsWith("text/calendar", ics.Headers["content-type"]);
        Assert.StartsWith("BEGIN:VCALENDAR", await ics.TextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_JavaScript_the_tracker_filtered_to_R2P_shows_resolution_1674_and_its_page()
    {
        var page = await portal.NewPageAsync(new() { JavaScriptEnabled = false });
        await page.GotoAsync("/resolutions");
        await page.GetByLabel("Only those that refer to the responsibility to protect").CheckAsync();
        await page.GetByLabel("Status").SelectOptionAsync("adopted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("r2p=yes", StringComparison.Ordinal) && url.Contains("status=adopted", StringComparison.Ordinal));
        await Expect(page.GetByLabel("Only those that refer to the responsibility to protect")).ToBeCheckedAsync();
        var rows = page.Locator("table.resolutions tbody tr");
        await Expect(rows.Filter(new() { HasText = "S/RES/1674 (2006)" })).ToHaveCountAsync(1);
        Assert.Equal(await rows.CountAsync(), await rows.Filter(new() { HasText = "Refers to the responsibility to protect" }).CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "S/RES/1674 (2006)" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("S/RES/1674 (2006): Protection of civilians in armed conflict");
        await Expect(page.Locator(".lead")).ToContainTextAsync("Adopted, 28 April 2006");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_adopted_demo_draft_shows_its_vote_by_member_name_in_every_language()
    {
        using var http = new HttpClient { BaseAddress = portal.Address };
        var found = await http.GetFromJsonAsync<JsonElement>("api/news/resolutions?status=adopted&situation=south-sudan", Ct);
        var path = $"/resolutions/{found.GetProperty("items")[0].GetProperty("id").GetString()}";
        foreach (var (locale, china, abstaining, france, inFavour) in new[]
                 {
                     ("en-GB", "China", "Abstaining", "France", "In favour"),
                     ("fr-FR", "Chine", "Abstention", "France", "Pour"),
                     ("es-ES", "China", "Abstención", "Francia", "A favor"),
                 })
        {
            var page = await portal.NewPageAsync(new() { Locale = locale });
            var response = await page.GotoAsync(path);
            var vote = page.Locator("table.vote");
            await Expect(vote.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = china, Exact = true }) })).ToContainTextAsync(abstaining);
            await Expect(vote.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = france, Exact = true }) })).ToContainTextAsync(inFavour);
            await Expect(vote.Locator("tbody tr")).ToHaveCountAsync(15);
            await PortalPageTests.AssertAccessibleAndWellFormedAsync(page, response!, path, locale);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_French_reader_finds_a_development_in_French_with_its_sanitized_body_and_the_original_a_link_away()
    {
        var page = await portal.NewPageAsync(new() { Locale = "fr-FR" });
        await page.GotoAsync("/news?situation=darfur");
        await page.GetByRole(AriaRole.Link, new() { Name = "Exposé au Conseil de sécurité sur la protection des civils au Darfour" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator(".body strong")).ToHaveTextAsync("déplacements");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Darfour" })).ToHaveAttributeAsync("href", "/situations/darfur");
        await page.GetByRole(AriaRole.Link, new() { Name = "anglais" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Security Council briefing on the protection of civilians in Darfur");
        await Expect(page.Locator(".body a[href='https://undocs.org/S/RES/1591(2005)']")).ToHaveAttributeAsync("rel", "nofollow noopener");

        // A table's column alignment, the one style the sanitizer keeps, arrives as a class: the page has no inline style.
        await page.GotoAsync($"/news/{GeneralAssemblyDebate}");
        await Expect(page.Locator(".body td.align-right").First).ToHaveTextAsync("many");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_Darfur_situation_page_shows_its_Council_meetings_resolutions_and_developments()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/situations/darfur");
        var council = page.Locator("section.at-council");
        await Expect(council.GetByRole(AriaRole.Heading, new() { Name = "At the Security Council" })).ToBeVisibleAsync();
        Assert.True(await council.Locator(".meeting").CountAsync() >= 1, "the demo programme has Darfur meetings this month or the next");
        await Expect(council.Locator("table.resolutions")).ToContainTextAsync("Draft resolution on the protection of civilians in Darfur");
        await Expect(council.GetByRole(AriaRole.Link, new() { Name = "Security Council briefing on the protection of civilians in Darfur" })).ToBeVisibleAsync();
        await council.GetByRole(AriaRole.Link, new() { Name = "All its resolutions in the tracker" }).ClickAsync();
        await Expect(page.GetByLabel("Situation")).ToHaveValueAsync("darfur");
        await page.Context.CloseAsync();
    }
}
