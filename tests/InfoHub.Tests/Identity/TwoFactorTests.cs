using System.Net;
using System.Text.RegularExpressions;
using InfoHub.Identity.Accounts;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Tests.Identity;

public sealed partial class TwoFactorTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Password = "correct horse battery staple";

    private HttpClient Browser() => hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<string> CreateAccountAsync()
    {
        var email = $"totp-{Guid.NewGuid():N}@example.org";
        await using var scope = hub.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, OrganizationId = Guid.NewGuid() };
        Assert.True((await users.CreateAsync(account, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(account, Access.Roles.Member)).Succeeded);
        return email;
    }

    [Fact]
    public async Task After_linking_an_authenticator_signing_in_needs_a_current_code_or_a_recovery_code_once()
    {
        var email = await CreateAccountAsync();
        using var setup = Browser();
        await setup.SignInAsync("/account/login?returnUrl=%2F", email, Password);
        var page = await setup.GetStringAsync("/account/two-factor", Ct);
        var key = KeyField().Match(page).Groups[1].Value;
        Assert.NotEmpty(key);

        using var wrongSetup = await setup.SubmitAsync("/account/two-factor", "/account/two-factor", ("code", "000000"));
        using var enabled = await setup.SubmitAsync("/account/two-factor", "/account/two-factor", ("code", Authenticator.Code(key)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongSetup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var recovery = RecoveryCode().Matches(await enabled.Content.ReadAsStringAsync(Ct)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);

        // The password alone now leads to the code step, not into the hub.
        using var browser = Browser();
        using var afterPassword = await browser.SignInAsync("/account/login?returnUrl=%2Faccount%2Fpassword", email, Password);
        Assert.StartsWith("/account/login/two-factor", afterPassword.Headers.Location!.OriginalString);
        var codeStep = afterPassword.Headers.Location!.OriginalString;
        using var wrong = await browser.SubmitAsync(codeStep, "/account/login/two-factor", ("code", "123456"));
        using var right = await browser.SubmitAsync(codeStep, "/account/login/two-factor", ("code", Authenticator.Code(key)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account/password", right.Headers.Location!.OriginalString);

        // A recovery code works once.
        using var lostPhone = Browser();
        using var step = await lostPhone.SignInAsync("/account/login?returnUrl=%2F", email, Password);
        using var recovered = await lostPhone.SubmitAsync(step.Headers.Location!.OriginalString, "/account/login/two-factor", ("code", recovery[0]));
        using var replay = Browser();
        using var replayStep = await replay.SignInAsync("/account/login?returnUrl=%2F", email, Password);
        using var reused = await replay.SubmitAsync(replayStep.Headers.Location!.OriginalString, "/account/login/two-factor", ("code", recovery[0]));
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
    }

    [Fact]
    public async Task The_code_step_without_a_password_first_goes_back_to_sign_in()
    {
        using var browser = Browser();

        using var response = await browser.SubmitAsync("/account/login/two-factor?returnUrl=%2F", "/account/login/two-factor", ("code", "123456"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login?", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("<code data-key>([A-Z2-7]+)</code>")]
    private static partial Regex KeyField();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
