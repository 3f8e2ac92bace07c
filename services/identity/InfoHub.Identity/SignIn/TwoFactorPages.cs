using InfoHub.Platform.Audit;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Identity.SignIn;

/// <summary>
/// The optional second factor: a signed-in person links an authenticator app (TOTP) and gets recovery codes; from then
/// on, signing in asks for a code after the password.
/// </summary>
public static class TwoFactorPages
{
    public const string SetupPath = "/account/two-factor";
    public const string SignInPath = "/account/login/two-factor";

    public static IEndpointRouteBuilder MapTwoFactorPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(SetupPath, async (HttpContext http, IAntiforgery antiforgery, UserManager<Account> users) =>
            await HtmlPage.SignedInAccountAsync(http, users) is not { } account ? SignInFirst()
            : await users.AppliesToAsync(account) ? ChangePasswordFirst()
            : await SetupAsync(http, antiforgery, users, account, null))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost(SetupPath, async ([FromForm] CodeForm form, HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit) =>
        {
            if (await HtmlPage.SignedInAccountAsync(http, users) is not { } account) return SignInFirst();
            if (await users.AppliesToAsync(account)) return ChangePasswordFirst();
            if (account.TwoFactorEnabled)
            {
                return await SecondFactor.TurnOffAsync(users, account, form.Code, audit, http.RequestAborted)
                    ? HtmlPage.Render("Second factor turned off", "Signing in now takes your password only.", "<p><a href=\"/\">Continue</a></p>")
                    : await SetupAsync(http, antiforgery, users, account, SecondFactor.WrongCode, StatusCodes.Status400BadRequest);
            }
            if (await SecondFactor.TurnOnAsync(users, account, form.Code, audit, http.RequestAborted) is not { } recovery)
            {
                return await SetupAsync(http, antiforgery, users, account, SecondFactor.WrongCode, StatusCodes.Status400BadRequest);
            }
            return HtmlPage.Render("Second factor turned on", "Keep these recovery codes somewhere safe: each works once if you lose your phone. They are not shown again.",
                $"<ul>{string.Concat(recovery.Select(c => $"<li><code>{HtmlPage.Encode(c)}</code></li>"))}</ul><p><a href=\"/\">Continue</a></p>");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet(SignInPath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            CodeStep(http, antiforgery, LoginPage.Local(returnUrl), null)).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(SignInPath, async ([FromForm] CodeStepForm form, HttpContext http, IAntiforgery antiforgery, SignInManager<Account> signIn) =>
        {
            var returnUrl = LoginPage.Local(form.ReturnUrl);
            if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
            {
                return Results.LocalRedirect($"{LoginPage.Path}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            }
            // Authenticator codes are six digits; recovery codes keep their hyphen ("ab12c-3de4f").
            var code = (form.Code ?? "").Replace(" ", "", StringComparison.Ordinal);
            var result = code.Length == 6 && code.All(char.IsAsciiDigit)
                ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
                : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
            if (result.Succeeded) return Results.LocalRedirect(returnUrl);
            var error = result.IsLockedOut
                ? "This account is locked after too many failed attempts. Try again in 15 minutes, or ask the secretariat."
                : "That code is not right.";
            return CodeStep(http, antiforgery, returnUrl, error, StatusCodes.Status400BadRequest);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record CodeForm(string? Code);

    public sealed record CodeStepForm(string? Code, string? ReturnUrl);

    private static async Task<IResult> SetupAsync(HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, Account account, string? error, int status = StatusCodes.Status200OK)
    {
        if (account.TwoFactorEnabled)
        {
            return HtmlPage.Render("Second factor", error ?? "Your authenticator app is linked. To turn it off, enter a current code.", $"""
                <form method="post" action="{SetupPath}">
                  {HtmlPage.AntiforgeryField(http, antiforgery)}
                  <label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
                  <button type="submit">Turn off</button>
                </form>
                """, status);
        }
        var key = await SecondFactor.KeyAsync(users, account);
        var uri = SecondFactor.AuthenticatorUri(account, key);
        return HtmlPage.Render("Add a second factor", error, $"""
            <p>In your authenticator app, add an account with this key, or open the link on your phone:</p>
            <p><code data-key>{HtmlPage.Encode(key)}</code></p>
            <p><a href="{HtmlPage.Encode(uri)}">{HtmlPage.Encode(uri)}</a></p>
            <form method="post" action="{SetupPath}">
              {HtmlPage.AntiforgeryField(http, antiforgery)}
              <label>The code the app shows <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
              <button type="submit">Turn on</button>
            </form>
            """, status);
    }

    private static IResult CodeStep(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render("Second factor", error, $"""
            <form method="post" action="{SignInPath}">
              {HtmlPage.AntiforgeryField(http, antiforgery)}
              <input type="hidden" name="returnUrl" value="{HtmlPage.Encode(returnUrl)}">
              <label>Code from your app, or a recovery code <input name="code" autocomplete="one-time-code" required></label>
              <button type="submit">Sign in</button>
            </form>
            """, status);

    private static IResult ChangePasswordFirst() => Results.LocalRedirect($"{PasswordPage.Path}?returnUrl={Uri.EscapeDataString(SetupPath)}");

    private static IResult SignInFirst() => Results.LocalRedirect($"{LoginPage.Path}?returnUrl={Uri.EscapeDataString(SetupPath)}");
}
