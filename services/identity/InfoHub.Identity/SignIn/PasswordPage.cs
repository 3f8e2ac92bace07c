using InfoHub.Platform.Audit;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Identity.SignIn;

/// <summary>Where a signed-in person changes their password (the first secretariat account starts with a one-time one).</summary>
public static class PasswordPage
{
    public const string Path = "/account/password";

    public static IEndpointRouteBuilder MapPasswordPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, string? returnUrl) =>
            await HtmlPage.SignedInAccountAsync(http, users) is { } account
                ? Form(http, antiforgery, LoginPage.Local(returnUrl), await users.AppliesToAsync(account) ? FirstSignIn : null)
                : SignInFirst()).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(Path, async ([FromForm] PasswordForm form, HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, SignInManager<Account> signIn, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit) =>
        {
            var account = await HtmlPage.SignedInAccountAsync(http, users);
            if (account is null) return SignInFirst();
            var returnUrl = LoginPage.Local(form.ReturnUrl);
            if (string.IsNullOrEmpty(form.NewPassword) || form.NewPassword != form.ConfirmPassword)
            {
                return Form(http, antiforgery, returnUrl, "The new password and its confirmation differ.", StatusCodes.Status400BadRequest);
            }
            if (form.NewPassword == form.CurrentPassword)
            {
                return Form(http, antiforgery, returnUrl, "Choose a new password, not the current one.", StatusCodes.Status400BadRequest);
            }

            var changed = await users.ChangePasswordAsync(account, form.CurrentPassword ?? "", form.NewPassword);
            if (!changed.Succeeded)
            {
                return Form(http, antiforgery, returnUrl, string.Join(" ", changed.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest);
            }
            await users.ClearPasswordChangeRequirementAsync(account);
            await audit.RecordAsync(Actors.Of(account), "account.password-changed", $"account/{account.Id}", null, http.RequestAborted);
            await signIn.RefreshSignInAsync(account);
            // Back where the sign-in was going (the authorization endpoint, say), or a page saying it is done.
            if (returnUrl != "/") return Results.LocalRedirect(returnUrl);
            return HtmlPage.Render("Password changed", "Your password is changed. Other sessions must sign in again.", "<p><a href=\"/\">Continue</a></p>");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record PasswordForm(string? CurrentPassword, string? NewPassword, string? ConfirmPassword, string? ReturnUrl);

    private const string FirstSignIn = "You signed in with a one-time password: choose your own before going on.";

    private static IResult SignInFirst() => Results.LocalRedirect($"{LoginPage.Path}?returnUrl={Uri.EscapeDataString(Path)}");

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render("Change your password", error, $"""
            <form method="post" action="{Path}">
              {HtmlPage.AntiforgeryField(http, antiforgery)}
              <input type="hidden" name="returnUrl" value="{HtmlPage.Encode(returnUrl)}">
              <label>Current password <input type="password" name="currentPassword" autocomplete="current-password" required></label>
              <label>New password (12 characters or more) <input type="password" name="newPassword" autocomplete="new-password" minlength="12" required></label>
              <label>New password again <input type="password" name="confirmPassword" autocomplete="new-password" minlength="12" required></label>
              <button type="submit">Change password</button>
            </form>
            """, status);
}
