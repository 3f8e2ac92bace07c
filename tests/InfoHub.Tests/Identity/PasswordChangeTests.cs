using System.Net;
using System.Text.RegularExpressions;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Tests.Identity;

public sealed partial class PasswordChangeTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private HttpClient Browser() => hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<(string Email, string Password)> FirstSecretariatAsync()
    {
        using var _ = hub.CreateClient();
        var text = await File.ReadAllTextAsync(Path.Combine(hub.DataDirectory, "first-secretariat-account.txt"), TestContext.Current.CancellationToken);
        return (EmailLine().Match(text).Groups[1].Value, PasswordLine().Match(text).Groups[1].Value);
    }

    [Fact]
    public async Task The_first_secretariat_replaces_its_one_time_password()
    {
        var (email, oneTime) = await FirstSecretariatAsync();
        using var browser = Browser();
        using var signedIn = await browser.SignInAsync("/account/login?returnUrl=%2Faccount%2Fpassword", email, oneTime);
        Assert.Equal("/account/password", signedIn.Headers.Location!.OriginalString);

        using var mismatch = await browser.SubmitAsync("/account/password", "/account/password",
            ("currentPassword", oneTime), ("newPassword", "a long new passphrase"), ("confirmPassword", "something else entirely"));
        using var tooShort = await browser.SubmitAsync("/account/password", "/account/password",
            ("currentPassword", oneTime), ("newPassword", "short"), ("confirmPassword", "short"));
        using var changed = await browser.SubmitAsync("/account/password", "/account/password",
            ("currentPassword", oneTime), ("newPassword", "a long new passphrase"), ("confirmPassword", "a long new passphrase"));

        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await using var scope = hub.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await users.FindByEmailAsync(email);
        Assert.False(await users.CheckPasswordAsync(account!, oneTime));
        Assert.True(await users.CheckPasswordAsync(account!, "a long new passphrase"));
    }

    [Fact]
    public async Task Changing_a_password_requires_being_signed_in()
    {
        using var browser = Browser();

        using var page = await browser.GetAsync("/account/password", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.OriginalString);
    }

    [GeneratedRegex(@"email: (\S+)")]
    private static partial Regex EmailLine();

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex PasswordLine();
}
