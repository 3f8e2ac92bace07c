using InfoHub.Platform.Audit;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Identity.SignIn;

/// <summary>The sign-in page people reach from the authorization endpoint; a plain form, protected against forgery.</summary>
public static class LoginPage
{
    public const string Path = "/account/login";

    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, Local(returnUrl), email: null, error: null)).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(Path, async ([FromForm] LoginForm form, HttpContext http, IAntiforgery antiforgery,
            UserManager<Account> users, SignInManager<Account> signIn, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit) =>
        {
            var returnUrl = Local(form.ReturnUrl);
            var account = string.IsNullOrWhiteSpace(form.Email) ? null : await users.FindByEmailAsync(form.Email.Trim());
            if (account is null || string.IsNullOrEmpty(form.Password))
            {
                return Page(http, antiforgery, returnUrl, form.Email, "The email or password is not right.", StatusCodes.Status400BadRequest);
            }

            if (account.Disabled)
            {
                return Page(http, antiforgery, returnUrl, form.Email, "This account is disabled. Ask the secretariat.", StatusCodes.Status400BadRequest);
            }
            var result = await signIn.PasswordSignInAsync(account, form.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded && await users.AppliesToAsync(account))
            {
                // A one-time password opens only the form that replaces it.
                return Results.LocalRedirect(returnUrl.StartsWith(PasswordPage.Path, StringComparison.Ordinal)
                    ? returnUrl
                    : $"{PasswordPage.Path}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            }
            if (result.Succeeded) return Results.LocalRedirect(returnUrl);
            if (result.RequiresTwoFactor) return Results.LocalRedirect($"{TwoFactorPages.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            if (result.IsLockedOut)
            {
                await audit.RecordAsync(Actors.Of(account), "account.locked-out", $"account/{account.Id}", "too many failed sign-ins", http.RequestAborted);
            }
            var error = result.IsLockedOut
                ? "This account is locked after too many failed attempts. Try again in 15 minutes, or ask the secretariat."
                : "The email or password is not right.";
            return Page(http, antiforgery, returnUrl, form.Email, error, StatusCodes.Status400BadRequest);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record LoginForm(string? Email, string? Password, string? ReturnUrl);

    /// <summary>Only paths on this site: an open redirect would let a phishing link borrow the hub's sign-in page.</summary>
    internal static string Local(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? email, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render("Sign in to InfoHub", error, $"""
            <form method="post" action="{Path}">
              {HtmlPage.AntiforgeryField(http, antiforgery)}
              <input type="hidden" name="returnUrl" value="{HtmlPage.Encode(returnUrl)}">
              <label>Email <input type="email" name="email" autocomplete="username" required value="{HtmlPage.Encode(email ?? "")}"></label>
              <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
              <button type="submit">Sign in</button>
            </form>
            """, status);
}
