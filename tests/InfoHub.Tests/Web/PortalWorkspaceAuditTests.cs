using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using InfoHub.Tests.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// The secretariat's audit logs and machine clients in a real Chromium: a change found in the directory's log with its
/// fields before and after, narrowed and paged by plain links; filters the API refuses named beside their fields; a
/// machine client whose secret is shown once, gets tokens, and gets none once deleted.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalWorkspaceAuditTests(PortalFixture portal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_secretariat_finds_an_edit_in_the_directory_log_with_its_changes_narrowed_to_its_subject_and_pages_to_older_entries()
    {
        var organization = await portal.NewOrganizationAsync("Audited Coalition");
        var page = await portal.SignedInSecretariatAsync("en-GB", $"/directory/organizations/{organization}/edit");
        const string description = "Watches <script>alert('x')</script> & \"early warning\" signs.";
        await page.Locator("#Form_Description").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/directory/organizations/{organization}");

        await page.GotoAsync("/workspace");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit logs" }).ClickAsync();
        await page.Locator("#subject").FillAsync($"organization/{organization}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the entries" }).ClickAsync();

        var rows = page.Locator("table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var edit = rows.First;
        await Expect(edit).ToContainTextAsync("organization.updated");
        await Expect(edit).ToContainTextAsync("Secretariat tester");
        var change = edit.Locator(".changes li", new() { HasText = "description" });
        await Expect(change).ToContainTextAsync("(none)");
        await Expect(change).ToContainTextAsync(description);
        await Expect(page.Locator("main script")).ToHaveCountAsync(0);
        await Expect(edit.GetByRole(AriaRole.Link, new() { Name = "Profile" })).ToHaveAttributeAsync("href", $"/directory/organizations/{organization}");
        var at = DateTimeOffset.Parse((await edit.Locator("time").GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        await Expect(rows.Nth(1)).ToContainTextAsync("organization.registered");

        // The page as sent: the description's markup encoded, not interpreted.
        var sent = await page.GotoAsync(page.Url);
        Assert.Contains("Watches &lt;script&gt;alert(", await sent!.TextAsync());

        // One entry a page: the newest, then "Older entries" (a plain link with the cursor) to the registration.
        await page.GotoAsync($"/workspace/audit?log=directory&subject=organization/{organization}&limit=1");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("organization.updated");
        await page.GetByRole(AriaRole.Link, new() { Name = "Older entries" }).ClickAsync();
        Assert.Contains("cursor=", page.Url);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("organization.registered");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Newest entries" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("\"<b>text</b>\"", "<b>text</b>")]
    [InlineData("42.5", "42.5")]
    [InlineData("true", "true")]
    [InlineData("""["prevention","early-warning"]""", "prevention, early-warning")]
    [InlineData("""{"status":"observer","since":null}""", "status: observer; since: null")]
    [InlineData("""{"fr":{"name":"Coalition","acronym":"CR"}}""", "fr: {name: Coalition; acronym: CR}")]
    [InlineData("""[{"code":"KE"},["a"]]""", "{code: KE}, [a]")]
    [InlineData("[]", null)]
    [InlineData("{}", null)]
    [InlineData("\"\"", null)]
    public void A_changed_value_is_shown_as_a_person_reads_it(string json, string? shown) =>
        Assert.Equal(shown, InfoHub.Web.Pages.Workspace.AuditPage.Readable(System.Text.Json.JsonDocument.Parse(json).RootElement));

    [Fact]
    public async Task A_from_date_the_log_refuses_is_named_beside_its_field_with_status_400()
    {
        var page = await portal.SignedInSecretariatAsync("en-GB", "/workspace/audit");
        await page.Locator("#from").FillAsync("last tuesday");

        var response = await SubmitAsync(page, "Show the entries", "/workspace/audit");

        Assert.Equal(400, response.Status);
        await Expect(page.Locator("form #from-error")).ToContainTextAsync("ISO 8601");
        await Expect(page.Locator("#from")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#from")).ToHaveAttributeAsync("aria-describedby", "from-hint from-error");
        await Expect(page.Locator("#from")).ToHaveValueAsync("last tuesday");
        await Expect(page.Locator("table")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("en-GB", "Create the client", "Copy its secret now", "shown once and is no longer kept", "Delete", "The client is deleted")]
    [InlineData("fr-FR", "Créer le client", "Copiez son secret maintenant", "affiché une fois et n’est plus conservé", "Supprimer", "Le client est supprimé")]
    public async Task The_secretariat_creates_a_machine_client_sees_its_secret_once_and_once_deleted_it_gets_no_token(
        string locale, string create, string copyNow, string shownOnce, string delete, string deleted)
    {
        var clientId = $"coalition-{Guid.NewGuid():N}"[..24];
        var page = await portal.SignedInSecretariatAsync(locale, "/workspace/clients");
        await page.Locator("#Client_ClientId").FillAsync(clientId);
        await page.Locator("#Client_DisplayName").FillAsync("Coalition <b>sync</b>");
        await page.GetByRole(AriaRole.Button, new() { Name = create, Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(copyNow);
        var secret = await page.Locator("#client-secret").InputValueAsync();
        var row = page.Locator("tbody tr", new() { HasText = clientId });
        await Expect(row).ToContainTextAsync("Coalition <b>sync</b>");
        using var anonymous = portal.Hub.CreateClient();
        var token = await TestTokens.ClientCredentialsAsync(anonymous, clientId, secret);
        Assert.Equal("partner", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).GetClaim("role").Value);

        // Shown once: the same address again shows it no more.
        await page.ReloadAsync();
        await Expect(page.Locator("#client-secret")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(shownOnce);
        Assert.DoesNotContain(secret, await page.ContentAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = $"{delete} {clientId}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(deleted);
        Assert.EndsWith("/workspace/clients?done=deleted", page.Url);
        await Expect(page.Locator("tbody tr", new() { HasText = clientId })).ToHaveCountAsync(0);
        using var refused = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "infohub",
        }), Ct);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        // Both on the identity service's record.
        await page.GotoAsync($"/workspace/audit?log=identity&subject=client/{clientId}");
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table tbody tr").First).ToContainTextAsync("client.deleted");
    }

    [Fact]
    public async Task A_client_id_the_identity_service_refuses_is_named_beside_its_field_and_nothing_is_created()
    {
        var page = await portal.SignedInSecretariatAsync("en-GB", "/workspace/clients");
        await page.Locator("#Client_ClientId").FillAsync("Not An Id!");
        await page.Locator("#Client_DisplayName").FillAsync("Refused client");

        var response = await SubmitAsync(page, "Create the client", "/workspace/clients");

        Assert.Equal(400, response.Status);
        await Expect(page.Locator("form #Client_ClientId-error")).ToContainTextAsync("'clientId'");
        await Expect(page.Locator("#Client_ClientId")).ToHaveValueAsync("Not An Id!");
        await Expect(page.Locator("#client-secret")).ToHaveCountAsync(0);
        await Expect(page.Locator("tbody tr", new() { HasText = "Refused client" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Both_pages_are_accessible_well_formed_and_translated_in_each_language()
    {
        var page = await portal.SignedInSecretariatAsync("en-GB", "/workspace");
        foreach (var language in new[] { "en", "fr", "es" })
        {
            await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = InfoHub.Web.WebPortalExtensions.LanguageCookie, Value = $"c={language}|uic={language}", Url = portal.Address.ToString() }]);
            foreach (var (path, status) in new[] { ("/workspace/audit", 200), ("/workspace/audit?log=identity&limit=10", 200), ("/workspace/audit?to=2020-01-01&from=2021-01-01", 400), ("/workspace/clients", 200) })
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(status, response!.Status);
                await PortalPageTests.AssertAccessibleAndWellFormedAsync(page, response, path, language);
            }
        }
    }

    /// <summary>Clicks <paramref name="button"/> and waits for the page it sends the browser to, at <paramref name="path"/>: its answer.</summary>
    private static Task<IResponse> SubmitAsync(IPage page, string button, string path) =>
        page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync(),
            r => new Uri(r.Url).AbsolutePath == path && r.Request.IsNavigationRequest);
}
