using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>The secretariat's agenda watch in the portal: which situations the Security Council has left aside, and for how long.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalAgendaWatchTests(PortalFixture portal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_secretariat_sees_a_situation_never_met_on_and_one_left_aside_longer_than_the_days_it_asks_about()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (never, lapsed) = ($"watch-never-{suffix}", $"watch-lapsed-{suffix}");
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        foreach (var (id, name) in new[] { (never, $"Never Met On {suffix}"), (lapsed, $"Lapsed {suffix}") })
        {
            using var defined = await secretariat.PostAsJsonAsync("/api/directory/situations", new { id, name, countries = new[] { "CD" } }, Ct);
            Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        }
        // The news digest learns the situations from the directory's events before a meeting may name one.
        Assert.True(await HttpJson.EventuallyAsync(async () =>
        {
            var known = await secretariat.GetFromJsonAsync<JsonElement>("/api/news/situations", Ct);
            return known.EnumerateArray().Count(s => s.GetProperty("id").GetString() is { } id && (id == never || id == lapsed)) == 2;
        }, TimeSpan.FromSeconds(10)));
        // At midnight ten days ago in New York: ten whole days ago at any time of today.
        var tenDaysAgo = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-10), InfoHub.Web.Pages.Council.CouncilMonthPage.NewYork);
        using (var scheduled = await secretariat.PostAsJsonAsync("/api/news/programme/meetings",
            new { start = $"{tenDaysAgo:yyyy-MM-dd}T00:00", durationMinutes = 60, format = "briefing", situationId = lapsed }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        }

        var page = await portal.SignedInSecretariatAsync("en-GB", "/workspace");
        await page.GetByRole(AriaRole.Link, new() { Name = "Agenda watch" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agenda watch", Level = 1 })).ToBeVisibleAsync();
        var neglected = page.Locator("section[aria-labelledby=neglected-title]");
        await Expect(neglected.Locator("li", new() { HasText = $"Never Met On {suffix}" })).ToContainTextAsync("No Council meeting on it is known to the hub.");
        // Met on ten days ago: not left aside in the last 90 days.
        await Expect(neglected.GetByText($"Lapsed {suffix}")).ToHaveCountAsync(0);

        await page.GetByLabel("Days without a Council meeting").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the situations" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("days=5", StringComparison.Ordinal));
        var entry = neglected.Locator("li", new() { HasText = $"Lapsed {suffix}" });
        await Expect(entry).ToContainTextAsync("Last Council meeting:");
        await Expect(entry).ToContainTextAsync("(Briefing), 10 days ago.");
        // Never met on comes before met on long ago.
        var names = (await neglected.Locator("li h3").AllTextContentsAsync()).Select(n => n.Trim()).ToList();
        Assert.True(names.IndexOf($"Never Met On {suffix}") < names.IndexOf($"Lapsed {suffix}"), string.Join(" | ", names));
        await Expect(page.Locator("section[aria-labelledby=neglected-title] a", new() { HasText = $"Lapsed {suffix}" })).ToHaveAttributeAsync("href", $"/situations/{lapsed}");
    }

    [Fact]
    public async Task A_number_of_days_the_service_refuses_is_named_beside_its_field_in_the_readers_language()
    {
        var page = await portal.SignedInSecretariatAsync("fr-FR", "/workspace/agenda-watch?days=0");
        await Expect(page.Locator("#days-error")).ToHaveTextAsync("« days » doit être un nombre entier de 1 à 730.");
        await Expect(page.Locator("#days")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#days")).ToHaveValueAsync("0");
        var response = await page.GotoAsync("/workspace/agenda-watch?days=0");
        Assert.Equal(400, response!.Status);
        await PortalPageTests.AssertAccessibleAndWellFormedAsync(page, response, "/workspace/agenda-watch?days=0", "fr-FR");
    }
}
