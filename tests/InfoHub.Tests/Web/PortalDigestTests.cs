using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// The digest archive and the secretariat's digest composer in a real Chromium: a digest drafted, edited, reordered,
/// previewed in French and as text, published and then read by a visitor (whole and filtered by a situation); a
/// correction shown first; bad input named beside its field; a change made meanwhile explained; nobody else let in.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalDigestTests(PortalFixture portal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_secretariat_drafts_edits_reorders_previews_and_publishes_a_digest_that_a_visitor_then_reads_and_filters()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var page = await portal.SignedInSecretariatAsync("en-GB", "/workspace/digests");
        await page.Locator("#Draft_From").FillAsync(Day(Today.AddDays(-13)));
        await page.Locator("#Draft_To").FillAsync(Day(Today));
        await page.GetByLabel("Written in").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Draft the digest" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/workspace/digests/", StringComparison.Ordinal));
        var id = Guid.Parse(new Uri(page.Url).AbsolutePath["/workspace/digests/".Length..]);

        // The title, saved.
        var title = $"Digest of the browser test {suffix}";
        await page.Locator("#Form_Title").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The draft is saved.");
        var draft = await DigestAsync(id);
        Assert.Equal(title, draft.GetProperty("title").GetString());

        // An item moved up within its section: the second of the first section holding two changes place with the first.
        var items = Items(draft);
        var second = Enumerable.Range(1, items.Count - 1).First(i => items[i].Section == items[i - 1].Section);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Move up: item {second + 1}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The draft is saved.");
        var moved = Items(await DigestAsync(id));
        Assert.Equal(items[second].Id, moved[second - 1].Id);
        Assert.Equal(items[second - 1].Id, moved[second].Id);

        // One removed, and a note of the secretariat's own added.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove: item {moved.Count}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The draft is saved.");
        var note = $"A word from the secretariat {suffix}";
        await page.Locator("#note-headline").FillAsync(note);
        await page.Locator("#note-summary").FillAsync("Three meetings on Darfur ahead; read on.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the note" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The draft is saved.");
        var edited = Items(await DigestAsync(id));
        Assert.Equal(moved.Count, edited.Count); // one removed, one added
        Assert.DoesNotContain(edited, i => i.Id == moved[^1].Id);
        Assert.Contains(edited, i => i.Headline == note && i.Section == "note");

        // Previewed in French, as the archive shows it, then as plain text.
        await page.GetByRole(AriaRole.Link, new() { Name = "Preview in French" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator("h1")).ToContainTextAsync("Bulletin InfoHub");
        // The digest's own headings follow the digest's language, not the page's (English here).
        await Expect(page.Locator("#section-note")).ToHaveTextAsync("Du secrétariat");
        await Expect(page.Locator("#section-note")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("section", new() { Has = page.Locator("#section-note") })).ToContainTextAsync(note);
        await page.GetByRole(AriaRole.Link, new() { Name = "As plain text" }).ClickAsync();
        await Expect(page.Locator("pre")).ToContainTextAsync("Bulletin InfoHub");
        await Expect(page.Locator("pre")).ToContainTextAsync(note);

        // Published, after the confirmation: the public page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Publish…" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Publishing is final");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the digest" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/digests/{id}");
        Assert.Equal("published", (await DigestAsync(id)).GetProperty("status").GetString());

        // A visitor finds it in the archive and reads it; then only the items on one situation, as its subscriber gets them.
        var visitor = await portal.NewPageAsync();
        await visitor.GotoAsync("/news");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "The secretariat's digests" }).ClickAsync();
        await Expect(visitor.Locator("head link[rel=alternate][type='application/atom+xml']")).ToHaveAttributeAsync("href", "/api/news/digests/feed.atom");
        await visitor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(title);
        await Expect(visitor.Locator(".digest-items > li")).ToHaveCountAsync(edited.Count);
        var situation = edited.SelectMany(i => i.Situations).GroupBy(s => s).OrderBy(g => g.Count()).First().Key;
        await visitor.Locator("#filter-situation").SelectOptionAsync(situation);
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await visitor.WaitForURLAsync(url => url.Contains($"situation={situation}", StringComparison.Ordinal));
        await Expect(visitor.Locator(".digest-items > li")).ToHaveCountAsync(edited.Count(i => i.Section == "note" || i.Situations.Contains(situation)));
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Plain text" })).ToHaveAttributeAsync("href", $"/api/news/digests/{id}/text?language=en&situation={situation}");

        // In each interface language: the digest in it (the drafter wrote French and Spanish titles), checked as every page is.
        foreach (var (locale, words) in new[] { ("en-GB", title), ("fr-FR", "Bulletin InfoHub"), ("es-ES", "Boletín de InfoHub") })
        {
            var reader = await portal.NewPageAsync(new() { Locale = locale });
            var response = await reader.GotoAsync($"/digests/{id}");
            await Expect(reader.Locator("h1")).ToContainTextAsync(words);
            await Expect(reader.Locator("h1")).ToHaveAttributeAsync("lang", locale[..2]);
            await PortalPageTests.AssertAccessibleAndWellFormedAsync(reader, response!, $"/digests/{id}", locale);
            await reader.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_correction_to_a_published_digest_is_shown_first_with_its_date()
    {
        var (id, version) = await NewDraftAsync(portal);
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        using var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/news/digests/{id}/publish");
        publish.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        Assert.Equal(HttpStatusCode.OK, (await secretariat.SendAsync(publish, Ct)).StatusCode);

        var page = await portal.SignedInSecretariatAsync("en-GB", $"/workspace/digests/{id}");
        await Expect(page.Locator("#Form_Title")).ToHaveCountAsync(0);
        await page.Locator("#Erratum").FillAsync("The open debate is on 3 December, not 2 December.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the correction" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The correction is published and announced.");

        var visitor = await portal.NewPageAsync();
        await visitor.GotoAsync($"/digests/{id}");
        var errata = visitor.Locator("section.errata");
        await Expect(errata).ToContainTextAsync("The open debate is on 3 December, not 2 December.");
        await Expect(errata.Locator("time")).ToHaveAttributeAsync("datetime", Day(Today));
    }

    [Fact]
    public async Task A_period_ending_before_it_begins_is_named_beside_its_field_and_nothing_is_drafted()
    {
        var before = await DraftCountAsync();
        var page = await portal.SignedInSecretariatAsync("en-GB", "/workspace/digests", javaScript: false);
        await page.Locator("#Draft_From").FillAsync(Day(Today.AddDays(-2)));
        await page.Locator("#Draft_To").FillAsync(Day(Today.AddDays(-9)));
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Draft the digest" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);

        await Expect(page.Locator("#Draft_To")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Draft_To-error")).ToContainTextAsync("'to' must not be before 'from'.");
        await Expect(page.Locator("#Draft_From")).ToHaveValueAsync(Day(Today.AddDays(-2)));
        Assert.Equal(before, await DraftCountAsync());
    }

    [Fact]
    public async Task A_save_after_someone_else_saved_is_explained_and_keeps_what_was_typed()
    {
        var (id, version) = await NewDraftAsync(portal);
        var page = await portal.SignedInSecretariatAsync("en-GB", $"/workspace/digests/{id}");

        // Meanwhile a colleague renames it.
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        var current = await DigestAsync(id);
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/news/digests/{id}")
        {
            Content = JsonContent.Create(new
            {
                title = "Renamed by a colleague",
                items = current.GetProperty("items").EnumerateArray().Select(i => new { id = i.GetProperty("id").GetGuid(), headline = i.GetProperty("headline").GetString() }),
            }),
        };
        rename.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        Assert.Equal(HttpStatusCode.OK, (await secretariat.SendAsync(rename, Ct)).StatusCode);

        await page.Locator("#Form_Introduction").FillAsync("Written while a colleague renamed it.");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).First.ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        await Expect(page.Locator(".conflict")).ToContainTextAsync("Someone else changed this draft after you opened it");
        await Expect(page.Locator("#Form_Introduction")).ToHaveValueAsync("Written while a colleague renamed it.");
        Assert.Equal("Renamed by a colleague", (await DigestAsync(id)).GetProperty("title").GetString());

        // Saving again, having seen it, replaces their version with this form's.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The draft is saved.");
        Assert.Equal("Written while a colleague renamed it.", (await DigestAsync(id)).GetProperty("introduction").GetString());
    }

    [Fact]
    public async Task A_member_gets_the_403_page_in_the_composer_and_a_visitor_finds_no_draft()
    {
        var (id, _) = await NewDraftAsync(portal);
        var organization = await portal.NewOrganizationAsync("Member Without Digests");
        var (_, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Plain member");
        var member = await portal.SignedInAsync(email, password, "en-GB", "/");
        foreach (var path in new[] { "/workspace/digests", $"/workspace/digests/{id}", $"/workspace/digests/{id}/preview", $"/workspace/digests/{id}/publish" })
        {
            var response = await member.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(member.GetByRole(AriaRole.Alert)).ToContainTextAsync("For the secretariat");
        }
        Assert.Equal(404, (await member.GotoAsync($"/digests/{id}"))!.Status);

        var visitor = await portal.NewPageAsync();
        Assert.Equal(404, (await visitor.GotoAsync($"/digests/{id}"))!.Status);
        await visitor.GotoAsync("/workspace/digests");
        await visitor.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login", new() { Timeout = 90_000 });
    }

    /// <summary>A draft of the last seven days, in English, made through the API as the secretariat: its id and version.</summary>
    internal static async Task<(Guid Id, long Version)> NewDraftAsync(PortalFixture portal)
    {
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        using var created = await secretariat.PostAsJsonAsync("/api/news/digests", new { from = Day(Today.AddDays(-6)), to = Day(Today), language = "en" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (draft.GetProperty("id").GetGuid(), draft.GetProperty("version").GetInt64());
    }

    private async Task<JsonElement> DigestAsync(Guid id)
    {
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        return await secretariat.GetFromJsonAsync<JsonElement>($"/api/news/digests/{id}", Ct);
    }

    private async Task<int> DraftCountAsync()
    {
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        return (await secretariat.GetFromJsonAsync<JsonElement>("/api/news/digests?status=draft", Ct)).GetProperty("total").GetInt32();
    }

    private sealed record Item(Guid Id, string Section, string Headline, IReadOnlyList<string> Situations);

    private static List<Item> Items(JsonElement digest) =>
        [.. digest.GetProperty("items").EnumerateArray().Select(i => new Item(i.GetProperty("id").GetGuid(), i.GetProperty("section").GetString()!,
            i.GetProperty("headline").GetString()!, [.. i.GetProperty("situations").EnumerateArray().Select(s => s.GetString()!)]))];
}
