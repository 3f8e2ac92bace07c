using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// The secretariat's workspace in a real Chromium: inviting a member of an organization, who accepts and signs in;
/// importing a file into the directory with its progress and then its report of every row; and nobody else let in.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalWorkspaceTests(PortalFixture portal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en-GB", "Invite a member", "Send the invitation", "Signed in as", "Edit this profile")]
    [InlineData("fr-FR", "Inviter un membre", "Envoyer l’invitation", "Connecté en tant que", "Modifier cette fiche")]
    public async Task The_secretariat_invites_a_member_of_an_organization_who_accepts_and_signs_in(
        string locale, string inviteAMember, string send, string signedInAs, string edit)
    {
        var organization = await portal.NewOrganizationAsync("Invited Coalition");
        var secretariat = await portal.SignedInSecretariatAsync(locale, $"/directory/organizations/{organization}");

        await secretariat.GetByRole(AriaRole.Link, new() { Name = inviteAMember, Exact = true }).ClickAsync();
        await Expect(secretariat.Locator("#invite-title")).ToContainTextAsync("Invited Coalition");
        var email = $"invited-{Guid.NewGuid():N}@example.org";
        await secretariat.Locator("#Invite_Email").FillAsync(email);
        await secretariat.Locator("#Invite_DisplayName").FillAsync("Amina Diallo");
        await secretariat.GetByRole(AriaRole.Button, new() { Name = send, Exact = true }).ClickAsync();
        var link = await secretariat.Locator("#invitation-link").InputValueAsync();
        Assert.Contains("/account/accept?", link);
        await Expect(secretariat.Locator("table")).ToContainTextAsync(email);
        var axe = await secretariat.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");

        // The invited person, in a browser of their own: chooses a password at the link, then signs in to the portal.
        var invited = await portal.NewPageAsync(new() { Locale = locale });
        await invited.GotoAsync(new Uri(link).PathAndQuery);
        await invited.Locator("input[name='newPassword']").FillAsync("a long enough passphrase");
        await invited.Locator("input[name='confirmPassword']").FillAsync("a long enough passphrase");
        await invited.Locator("form[method='post'] button[type='submit']").ClickAsync();
        await Expect(invited.Locator("body")).ToContainTextAsync("Your account is ready");

        await invited.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString($"/directory/organizations/{organization}"));
        await invited.WaitForURLAsync(url => new Uri(url).AbsolutePath is "/account/login" || new Uri(url).AbsolutePath.StartsWith("/directory/", StringComparison.Ordinal), new() { Timeout = 90_000 });
        if (new Uri(invited.Url).AbsolutePath == "/account/login")
        {
            await invited.Locator("input[type='email']").FillAsync(email);
            await invited.Locator("input[type='password']").FillAsync("a long enough passphrase");
            await invited.Locator("form[method='post'] button[type='submit']").ClickAsync();
        }
        await invited.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/directory/organizations/{organization}", new() { Timeout = 90_000 });
        await Expect(invited.GetByText(signedInAs)).ToContainTextAsync("Amina Diallo");
        await Expect(invited.GetByRole(AriaRole.Link, new() { Name = edit, Exact = true })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("en-GB", true, "Check only: report what would happen, store nothing", "Import", "Stored: 2 rows accepted, 1 refused.",
                "Sending the file: 0%", "The directory is reading and checking the rows…")]
    [InlineData("en-GB", false, "Check only: report what would happen, store nothing", "Import", "Stored: 2 rows accepted, 1 refused.", null, null)]
    [InlineData("fr-FR", true, "Vérifier seulement : dire ce qui se passerait, sans rien enregistrer", "Importer", "Enregistré : 2 lignes acceptées, 1 refusées.",
                "Envoi du fichier : 0 %", "L’annuaire lit et vérifie les lignes…")]
    public async Task An_import_shows_its_progress_and_then_its_report_of_every_row(
        string locale, bool javaScript, string checkOnly, string import, string stored, string? sending, string? checking)
    {
        var page = await portal.SignedInSecretariatAsync(locale, "/workspace/import", javaScript);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var csv = "name,country,website\n" +
                  $"Imported Network {suffix},KE,https://example.org/a\n" +
                  $"Imported Forum {suffix},XX,https://example.org/b\n" +
                  $"Imported Alliance {suffix},GH,\n";
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "members.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByLabel(checkOnly).UncheckAsync();
        if (javaScript)
        {
            // What the progress line says, kept across the navigation to the report (this tab's session storage).
            await page.EvaluateAsync("""
                () => {
                    const status = document.getElementById('upload-status');
                    new MutationObserver(() => {
                        const seen = JSON.parse(sessionStorage.getItem('statuses') || '[]');
                        if (seen[seen.length - 1] !== status.textContent) seen.push(status.textContent);
                        sessionStorage.setItem('statuses', JSON.stringify(seen));
                    }).observe(status, { childList: true, characterData: true, subtree: true });
                }
                """);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = import, Exact = true }).ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/workspace/import/reports/", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToContainTextAsync("members.csv");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(stored);
        var refused = page.Locator("section", new() { Has = page.Locator("#rejected-title") });
        await Expect(refused).ToContainTextAsync("country");
        await Expect(refused).ToContainTextAsync("'XX'");
        await Expect(page.Locator("section", new() { Has = page.Locator("#accepted-title") }).Locator("tbody tr")).ToHaveCountAsync(2);
        if (javaScript)
        {
            var statuses = await page.EvaluateAsync<string[]>("() => JSON.parse(sessionStorage.getItem('statuses') || '[]')");
            Assert.Contains(sending, statuses);
            Assert.Contains(checking, statuses);
            // (axe runs in the page: only where it has JavaScript.)
            var axe = await page.RunAxe();
            Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");
        }

        // Stored in the directory: the two good rows, not the refused one.
        using var anonymous = portal.Hub.CreateClient();
        var found = await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory/organizations?q={suffix}", Ct);
        Assert.Equal(2, found.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_secretariat_revokes_an_open_invitation_and_disables_then_enables_a_member_s_account()
    {
        var organization = await portal.NewOrganizationAsync("Accounts Coalition");
        var (_, memberEmail, _) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Member to disable");
        var page = await portal.SignedInSecretariatAsync("en-GB", $"/workspace/accounts?organization={organization}");
        var invitee = $"invitee-{Guid.NewGuid():N}@example.org";
        await page.Locator("#Invite_Email").FillAsync(invitee);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        var row = page.Locator("tbody tr", new() { HasText = invitee });
        await Expect(row).ToContainTextAsync("Invitation pending");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invitation of {invitee}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The invitation is revoked");
        await Expect(page.Locator("tbody tr", new() { HasText = invitee })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {memberEmail}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The account is disabled");
        await Expect(page.Locator("tbody tr", new() { HasText = memberEmail })).ToContainTextAsync("Disabled");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Enable {memberEmail}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The account is enabled");
        await Expect(page.Locator("tbody tr", new() { HasText = memberEmail })).ToContainTextAsync("Active");
        // No action on one's own account.
        var own = page.Locator("tbody tr", new() { HasText = "(you)" });
        await Expect(own).ToHaveCountAsync(1);
        await Expect(own.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_member_is_refused_the_workspace_and_not_shown_its_link()
    {
        var organization = await portal.NewOrganizationAsync("Member Without Workspace");
        var (_, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Plain member");
        var page = await portal.SignedInAsync(email, password, "en-GB", "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Workspace", Exact = true })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/workspace", "/workspace/accounts", "/workspace/import", "/workspace/audit", "/workspace/clients", "/workspace/agenda-watch" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("For the secretariat");
        }
    }
}
