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
        app.MapGet(Path, async (HttpContext http, IAntiforgery antiforgery, UserManager<Account> users) =>
            await HtmlPage.SignedInAccountAsync(http, users) is null ? SignInFirst() : Form(http, antiforgery, null)).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(Path, async ([FromForm] PasswordForm form, HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, SignInManager<Account> signIn, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit) =>
        {
            var account = await HtmlPage.SignedInAccountAsync(http, users);
            if (account is null) return SignInFirst();
            if (string.IsNullOrEmpty(form.NewPassword) || form.NewPassword != form.ConfirmPassword)
            {
                return Form(http, antiforgery, "The new password and its confirmation differ.", StatusCodes.Status400BadRequest);
            }

            var changed = await users.ChangePasswordAsync(account, form.CurrentPassword ?? "", form.NewPassword);
            if (!changed.Succeeded)
            {
                return Form(http, antiforgery, string.Join(" ", changed.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest);
            }
            await audit.RecordAsync(Actors.Of(account), "account.password-changed", $"account/{account.Id}", null, http.RequestAborted);
            await signIn.RefreshSignInAsync(account);
            return HtmlPage.Render("Password changed", "Your password is changed. Other sessions must sign in again.", "<p><a href=\"/\">Continue</a></p>");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record PasswordForm(string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

    private static IResult SignInFirst() => Results.LocalRedirect($"{LoginPage.Path}?returnUrl={Uri.EscapeDataString(Path)}");

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render("Change your password", error, $"""
            <form method="post" action="{Path}">
              {HtmlPage.AntiforgeryField(http, antiforgery)}
              <label>Current password <input type="password" name="currentPassword" autocomplete="current-password" required></label>
              <label>New password (12 characters or more) <input type="password" name="newPassword" autocomplete="new-password" minlength="12" required></label>
              <label>New password again <input type="password" name="confirmPassword" autocomplete="new-password" minlength="12" required></label>
              <button type="submit">Change password</button>
            </form>
            """, status);
}
