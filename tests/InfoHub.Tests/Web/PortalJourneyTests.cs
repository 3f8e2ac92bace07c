using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace InfoHub.Tests.Web;

/// <summary>A visitor's journeys through the portal in a real Chromium: search, narrow, un-narrow, page, read a profile; in French; without JavaScript; by keyboard alone.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class PortalJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task A_visitor_searches_narrows_by_two_facets_unnarrows_one_pages_and_opens_a_profile()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Search the directory").FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/directory\?q=demo$"));
        var all = await TotalAsync(page);
        Assert.True(all > PageSize, $"the demo directory should fill more than a page; the search found {all}");

        var members = await NarrowAsync(page, "membership", "Member");
        Assert.Equal(all, members);
        var prevention = await NarrowAsync(page, "theme", "Prevention");
        Assert.True(prevention < members);
        Assert.Contains("membership=member", page.Url);
        Assert.Contains("theme=prevention", page.Url);
        Assert.Equal(2, await page.Locator(".chips li").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Remove filter Theme: Prevention" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("theme="));
        Assert.Contains("membership=member", page.Url);
        Assert.Equal(members, await TotalAsync(page));
        Assert.Equal(PageSize, await page.Locator("ol.results > li").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("cursor="));
        Assert.Equal(members - PageSize, await page.Locator("ol.results > li").CountAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "First page" })).ToBeVisibleAsync();

        var first = page.Locator("ol.results > li h3 a").First;
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await page.WaitForURLAsync(new Regex("/directory/organizations/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activities" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Headquarters")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_French_reader_gets_the_portal_and_the_vocabularies_in_French()
    {
        var page = await portal.NewPageAsync(new() { Locale = "fr-FR" });
        await page.GotoAsync("/directory?q=demo");
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Qui travaille sur quoi, et où");
        var all = await TotalAsync(page);

        var prevention = await NarrowAsync(page, "theme", "Prévention");
        Assert.True(prevention < all);
        var darfur = await NarrowAsync(page, "situation", "Darfour");
        Assert.True(darfur <= prevention);
        await page.GetByRole(AriaRole.Link, new() { Name = "Retirer le filtre Thème : Prévention" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("theme="));
        Assert.Contains("situation=darfur", page.Url);

        await page.Locator("ol.results > li h3 a").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activités" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Siège")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_language_switcher_changes_the_interface_and_is_remembered()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/situations");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/situations", StringComparison.Ordinal));
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Situaciones");

        await page.GetByRole(AriaRole.Link, new() { Name = "Directorio" }).ClickAsync();
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.Locator("#facet-theme")).ToHaveTextAsync("Tema");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == InfoHub.Web.WebPortalExtensions.LanguageCookie);
        Assert.True(cookie.HttpOnly);

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Qui travaille sur quoi, et où");
    }

    [Fact]
    public async Task Without_JavaScript_a_visitor_still_searches_narrows_sorts_and_reads()
    {
        var page = await portal.NewPageAsync(new() { JavaScriptEnabled = false });
        await page.GotoAsync("/");
        await page.GetByLabel("Search the directory").FillAsync("demo");
        await page.GetByLabel("Search the directory").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("q=demo"));
        var all = await TotalAsync(page);

        var narrowed = await NarrowAsync(page, "scope", "National");
        Assert.True(narrowed < all);
        await page.GetByLabel("Order").SelectOptionAsync("name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=name"));
        Assert.Contains("scope=national", page.Url);
        var names = await page.Locator("ol.results > li h3 a").AllInnerTextsAsync();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);

        await page.Locator("ol.results > li h3 a").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Positions on situations" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_keyboard_alone_reaches_search_narrows_and_opens_a_profile()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/directory");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await FocusedTextAsync(page));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await TabUntilAsync(page, "input#q");
        await page.Keyboard.TypeAsync("demo");
        await Assertions.Expect(page.Locator("input#q")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("input#q")).ToHaveValueAsync("demo");
        // The field is checked first, so a key that went astray fails here with its reason; the wait starts before the key.
        var searched = page.WaitForURLAsync(url => url.Contains("q=demo"));
        await page.Keyboard.PressAsync("Enter");
        await searched;

        await TabUntilAsync(page, "#facet-theme ~ ul a");
        var facet = await FocusedTextAsync(page);
        Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        var narrowed = page.WaitForURLAsync(url => url.Contains("theme="));
        await page.Keyboard.PressAsync("Enter");
        await narrowed;
        Assert.Equal(FacetCount(facet), await TotalAsync(page));

        await TabUntilAsync(page, "ol.results h3 a");
        var name = await FocusedTextAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
    }

    [Fact]
    public async Task A_situation_page_lists_the_organizations_active_there_and_their_public_positions()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/situations");
        await page.GetByRole(AriaRole.Link, new() { Name = "Darfur", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/situations/darfur", StringComparison.Ordinal));

        var active = int.Parse(Number().Match(await page.Locator("#active-title").InnerTextAsync()).Value);
        Assert.Equal(active, await page.Locator("section[aria-labelledby=active-title] ol.results > li").CountAsync());
        // Only what an anonymous caller of the API may see: the demo data holds positions of every visibility.
        using var api = new HttpClient { BaseAddress = portal.Address };
        var positions = (await api.GetFromJsonAsync<JsonElement>("api/directory/situations/darfur", TestContext.Current.CancellationToken)).GetProperty("positions");
        Assert.True(positions.GetArrayLength() > 0);
        Assert.All(positions.EnumerateArray(), p => Assert.Equal("public", p.GetProperty("position").GetProperty("visibility").GetString()));
        Assert.Equal(positions.GetArrayLength(), await page.Locator("article.position").CountAsync());

        // A count by theme leads to the directory's search narrowed to this situation and that theme, with the same count.
        var theme = page.Locator("section.facet", new() { Has = page.Locator("#count-theme") }).GetByRole(AriaRole.Link).First;
        var count = FacetCount(await theme.InnerTextAsync());
        await theme.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("situation=darfur") && url.Contains("theme="));
        Assert.Equal(count, await TotalAsync(page));
    }

    private const int PageSize = InfoHub.Web.Pages.Directory.SearchPage.PageSize;

    /// <summary>Clicks a facet value; checks the results' total is the count the link showed, and returns it.</summary>
    private static async Task<int> NarrowAsync(IPage page, string facet, string label)
    {
        var link = page.Locator("section.facet", new() { Has = page.Locator($"#facet-{facet}") })
            .GetByRole(AriaRole.Link, new() { NameRegex = new Regex($@"^{Regex.Escape(label)} \(\d+\)$") });
        var count = FacetCount(await link.InnerTextAsync());
        var before = page.Url;
        await link.ClickAsync();
        await page.WaitForURLAsync(url => url != before);
        Assert.Equal(count, await TotalAsync(page));
        return count;
    }

    private static async Task<int> TotalAsync(IPage page) => int.Parse(Number().Match(await page.Locator("#results-title").InnerTextAsync()).Value);

    private static int FacetCount(string linkText) => int.Parse(FacetCountPattern().Match(linkText).Groups[1].Value);

    private static Task<string> FocusedTextAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement.innerText.trim()");

    private static async Task TabUntilAsync(IPage page, string selector, int limit = 120)
    {
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
        }
        Assert.Fail($"{selector} was not reached with {limit} presses of Tab.");
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"\((\d+)\)\s*$")]
    private static partial Regex FacetCountPattern();
}
