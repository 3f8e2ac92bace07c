using Deque.AxeCore.Playwright;
using InfoHub.Tests.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// A person's own account in the portal: a second factor turned on with an authenticator app and then asked for at
/// sign-in, a password changed (the identity service's refusals shown beside their fields, in the reader's language),
/// and a language chosen once that follows the person to every browser they sign in on.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalAccountTests(PortalFixture portal)
{
    private const string Password = "correct horse battery staple";

    [Theory]
    [InlineData("en-GB", "Turn the second factor on", "Sign out", "Turn the second factor off", "Your second factor is off")]
    [InlineData("fr-FR", "Activer le second facteur", "Se déconnecter", "Désactiver le second facteur", "Votre second facteur est désactivé")]
    public async Task A_member_turns_on_a_second_factor_is_asked_for_its_code_at_the_next_sign_in_and_turns_it_off(
        string locale, string turnOn, string signOut, string turnOff, string turnedOff)
    {
        var organization = await portal.NewOrganizationAsync("Second Factor");
        var (_, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Careful member");
        var page = await portal.SignedInAsync(email, password, locale, "/my-account");
        await Expect(page.GetByText(email)).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = turnOn, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/my-account/two-factor");
        // The QR code is an image the portal draws itself; the key is there to type, in groups of four.
        Assert.True(await page.Locator("img.qr").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 100);
        var key = (await page.Locator("[data-key]").GetAttributeAsync("data-key"))!;
        Assert.Equal(key, (await page.Locator("[data-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));
        Assert.StartsWith("otpauth://totp/InfoHub:", await page.Locator("a[href^='otpauth:']").GetAttributeAsync("href"));
        await NoSeriousViolationsAsync(page);

        // A wrong code, or a wrong password, is refused beside its field; the right pair turns it on and shows ten
        // recovery codes, once.
        await page.Locator("#code").FillAsync("000000");
        await page.Locator("#currentPassword").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = turnOn, Exact = true }).ClickAsync();
        await Expect(page.Locator("#code-error")).ToBeVisibleAsync();
        await page.Locator("#code").FillAsync(Authenticator.Code(key));
        await page.Locator("#currentPassword").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = turnOn, Exact = true }).ClickAsync();
        await Expect(page.Locator("#currentPassword-error")).ToBeVisibleAsync();
        await page.Locator("#code").FillAsync(Authenticator.Code(key));
        await page.Locator("#currentPassword").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = turnOn, Exact = true }).ClickAsync();
        await Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        var recoveryCode = await page.Locator(".recovery-codes li").First.InnerTextAsync();
        await NoSeriousViolationsAsync(page);

        // Signing in again now asks for a code after the password: a recovery code works (once).
        await page.GetByRole(AriaRole.Button, new() { Name = signOut, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/signin?returnUrl=%2Fmy-account");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await page.Locator("input[type='email']").FillAsync(email);
        await page.Locator("input[type='password']").FillAsync(password);
        await page.Locator("form[method='post'] button[type='submit']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login/two-factor");
        await page.Locator("input[name='code']").FillAsync(recoveryCode);
        await page.Locator("form[method='post'] button[type='submit']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/my-account");

        // Turning it off takes a current code from the app.
        await page.GetByRole(AriaRole.Link, new() { Name = turnOff, Exact = true }).ClickAsync();
        await page.Locator("#code").FillAsync(Authenticator.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = turnOff, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == "/my-account?done=two-factor-off");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(turnedOff);
    }

    [Fact]
    public async Task A_member_changes_their_password_after_refusals_shown_beside_the_fields_and_signs_in_with_the_new_one()
    {
        var organization = await portal.NewOrganizationAsync("Password Change");
        var (_, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Changing member");
        var page = await portal.SignedInAsync(email, password, "fr-FR", "/my-account");

        async Task<IResponse> ChangeAsync(string current, string @new, string again)
        {
            await page.Locator("#Password_CurrentPassword").FillAsync(current);
            await page.Locator("#Password_NewPassword").FillAsync(@new);
            await page.Locator("#Password_ConfirmPassword").FillAsync(again);
            return await page.RunAndWaitForResponseAsync(() =>
                page.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe", Exact = true }).ClickAsync(),
                response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/my-account");
        }

        // The identity service's refusals, in French, each beside its field; nothing changes.
        var wrong = await ChangeAsync("not my password at all", "a brand new pass phrase", "a brand new pass phrase");
        Assert.Equal(400, wrong.Status);
        await Expect(page.Locator("#Password_CurrentPassword-error")).ToHaveTextAsync("Ce n’est pas votre mot de passe actuel.");
        await Expect(page.Locator("#Password_CurrentPassword")).ToHaveAttributeAsync("aria-invalid", "true");
        var differ = await ChangeAsync(password, "a brand new pass phrase", "a different pass phrase");
        Assert.Equal(400, differ.Status);
        await Expect(page.Locator("#Password_ConfirmPassword-error")).ToHaveTextAsync("Le nouveau mot de passe et sa confirmation diffèrent.");
        var shortOne = await ChangeAsync(password, "too short", "too short");
        Assert.Equal(400, shortOne.Status);
        await Expect(page.Locator("#Password_NewPassword-error")).ToHaveTextAsync("Le mot de passe doit compter au moins 12 caractères.");
        await NoSeriousViolationsAsync(page);

        const string newPassword = "a brand new pass phrase";
        var changed = await ChangeAsync(password, newPassword, newPassword);
        Assert.Equal(302, changed!.Status);
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == "/my-account?done=password");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre mot de passe est changé.");

        // Another browser: the old password no longer opens the account, the new one does.
        var refused = await portal.NewPageAsync(new() { Locale = "en-GB" });
        await refused.GotoAsync("/signin?returnUrl=%2Fmy-account");
        await refused.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await refused.Locator("input[type='email']").FillAsync(email);
        await refused.Locator("input[type='password']").FillAsync(password);
        await refused.Locator("form[method='post'] button[type='submit']").ClickAsync();
        await Expect(refused.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.Equal("/account/login", new Uri(refused.Url).AbsolutePath);
        var again = await portal.SignedInAsync(email, newPassword, "en-GB", "/my-account");
        await Expect(again.GetByText(email)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_language_a_member_chooses_follows_them_to_every_browser_they_sign_in_on()
    {
        var organization = await portal.NewOrganizationAsync("Three Languages");
        var (_, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Travelling member");

        // Chosen on the account page.
        var first = await portal.SignedInAsync(email, password, "en-GB", "/my-account");
        await first.GetByLabel("Español").CheckAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Save the language", Exact = true }).ClickAsync();
        await first.WaitForURLAsync(url => new Uri(url).PathAndQuery == "/my-account?done=language");
        await Expect(first.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su cuenta");

        // A browser that asks for English gets Spanish from the sign-in on.
        var second = await portal.SignedInAsync(email, password, "en-GB", "/");
        await Expect(second.Locator("html")).ToHaveAttributeAsync("lang", "es");

        // Chosen in the header while signed in: kept in the account too.
        await second.GetByRole(AriaRole.Button, new() { Name = "Français", Exact = true }).ClickAsync();
        await Expect(second.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        var third = await portal.SignedInAsync(email, password, "es-ES", "/my-account");
        await Expect(third.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(third.GetByLabel("Français")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_before_the_account_pages()
    {
        foreach (var path in new[] { "/my-account", "/my-account/two-factor" })
        {
            var page = await portal.NewPageAsync();
            await page.GotoAsync(path);
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
            await page.Context.CloseAsync();
        }
    }

    private static async Task NoSeriousViolationsAsync(IPage page)
    {
        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");
    }
}
