using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// Members editing their own organization's profile in a real Chromium: saved through the directory's API as the
/// signed-in person, refused for another's organization, the API's field errors shown next to their fields, and a
/// change someone else made meanwhile explained instead of overwritten unseen.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalEditTests(PortalFixture portal)
{
    private static readonly Guid Amnesty = Guid.Parse("70398e4d-5b4f-5a43-b838-6871a9969ad3");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en-GB", "Edit this profile", "Save the profile", "Your changes are saved.", "Protection of civilians")]
    [InlineData("fr-FR", "Modifier cette fiche", "Enregistrer la fiche", "Vos modifications sont enregistrées.", "Protection des civils")]
    public async Task A_member_edits_their_own_organization_s_profile_and_sees_it_saved(string locale, string edit, string save, string saved, string theme)
    {
        var organization = await portal.NewOrganizationAsync("Coalition for Edit Tests " + locale);
        var page = await portal.SignedInMemberAsync(organization, locale, $"/directory/organizations/{organization}");

        await page.GetByRole(AriaRole.Link, new() { Name = edit, Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Coalition for Edit Tests");
        await page.Locator("#Form_Description").FillAsync("Monitors early warning signs in the Great Lakes region.");
        await page.GetByLabel(theme, new() { Exact = true }).CheckAsync();
        await page.Locator("#translation-language-0").SelectOptionAsync("fr");
        await page.Locator("#translation-name-0").FillAsync("Coalition pour les essais de modification");
        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");

        await page.GetByRole(AriaRole.Button, new() { Name = save, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/directory/organizations/{organization}");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(saved);
        await Expect(page.GetByText("Monitors early warning signs in the Great Lakes region.")).ToBeVisibleAsync();

        // What the directory holds: the edited fields, the translation, and what the form does not show carried over.
        var stored = await OrganizationAsync(organization);
        Assert.Equal(2, stored.GetProperty("version").GetInt64());
        Assert.Equal("Monitors early warning signs in the Great Lakes region.", stored.GetProperty("description").GetString());
        Assert.Contains("protection-of-civilians", stored.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Coalition pour les essais de modification", stored.GetProperty("translations").GetProperty("fr").GetProperty("name").GetString());
        Assert.Equal("observer", stored.GetProperty("membership").GetProperty("status").GetString());
        Assert.Equal("https://example.org/logo.png", stored.GetProperty("logoUrl").GetString());
    }

    [Fact]
    public async Task A_member_is_not_offered_another_organization_s_edit_form_and_is_refused_it()
    {
        var organization = await portal.NewOrganizationAsync("Coalition for Refusal Tests");
        var page = await portal.SignedInMemberAsync(organization, "en-GB", $"/directory/organizations/{Amnesty}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit this profile" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"/directory/organizations/{Amnesty}/edit");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not yours to edit");
        await Expect(page.Locator("form#profile-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_visitor_who_opens_an_edit_form_is_asked_to_sign_in_first()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/directory/organizations/{Amnesty}/edit");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login", new() { Timeout = 90_000 });
    }

    [Fact]
    public async Task A_field_the_directory_refuses_is_named_next_to_it_the_form_keeps_what_was_typed_and_nothing_is_saved()
    {
        var organization = await portal.NewOrganizationAsync("Coalition for Field Errors");
        var page = await portal.SignedInMemberAsync(organization, "en-GB", $"/directory/organizations/{organization}/edit");

        await page.Locator("#Form_Description").FillAsync("A description that must survive the refusal.");
        await page.Locator("#Form_Website").FillAsync("ftp://example.org/files");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);

        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Website");
        var website = page.Locator("#Form_Website");
        await Expect(website).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Form_Website-error")).ToContainTextAsync("http or https");
        await Expect(website).ToHaveAttributeAsync("aria-describedby", "website-hint Form_Website-error");
        await Expect(page.Locator("#Form_Description")).ToHaveValueAsync("A description that must survive the refusal.");
        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");

        var stored = await OrganizationAsync(organization);
        Assert.Equal(1, stored.GetProperty("version").GetInt64());
        Assert.Equal("https://example.org/", stored.GetProperty("website").GetString());
    }

    [Fact]
    public async Task A_change_someone_made_meanwhile_is_explained_and_saving_again_replaces_it_knowingly()
    {
        var organization = await portal.NewOrganizationAsync("Coalition for Conflicts");
        var page = await portal.SignedInMemberAsync(organization, "en-GB", $"/directory/organizations/{organization}/edit");

        // Meanwhile the secretariat renames it.
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        var current = await OrganizationAsync(organization);
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/organizations/{organization}")
        {
            Content = JsonContent.Create(new { name = "Coalition Renamed by the Secretariat", country = "CA", website = "https://example.org/", logoUrl = "https://example.org/logo.png", membership = new { status = "observer" } }),
        };
        rename.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{current.GetProperty("version").GetInt64()}\""));
        using var renamed = await secretariat.SendAsync(rename, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        await page.Locator("#Form_Description").FillAsync("Written while the secretariat renamed us.");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        var conflict = page.Locator(".conflict");
        await Expect(conflict).ToContainTextAsync("Someone else changed this profile after you opened it");
        await Expect(conflict).ToContainTextAsync("Coalition Renamed by the Secretariat");
        await Expect(page.Locator("#Form_Description")).ToHaveValueAsync("Written while the secretariat renamed us.");
        Assert.Equal("Coalition Renamed by the Secretariat", (await OrganizationAsync(organization)).GetProperty("name").GetString());

        // Saving again, having seen it, replaces their version with this form's.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your changes are saved.");
        var stored = await OrganizationAsync(organization);
        Assert.Equal(3, stored.GetProperty("version").GetInt64());
        Assert.StartsWith("Coalition for Conflicts ", stored.GetProperty("name").GetString());
        Assert.Equal("Written while the secretariat renamed us.", stored.GetProperty("description").GetString());
    }

    private async Task<JsonElement> OrganizationAsync(Guid id)
    {
        using var anonymous = portal.Hub.CreateClient();
        return await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory/organizations/{id}", Ct);
    }
}
