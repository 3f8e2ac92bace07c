using InfoHub.Platform.Audit;
using InfoHub.Identity.SignIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Identity.Accounts;

/// <summary>Where an invited person chooses their password; the invitation link works once and expires.</summary>
public static class InvitationPage
{
    public const string Path = "/account/accept";

    public static IEndpointRouteBuilder MapInvitationPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery, string? email, string? token) =>
            string.IsNullOrEmpty(email) || string.IsNullOrEmpty(token)
                ? HtmlPage.Render("Invitation", "This link is incomplete. Ask the secretariat for a new invitation.", "", StatusCodes.Status400BadRequest)
                : Form(http, antiforgery, email, token, null)).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(Path, async ([FromForm] AcceptForm form, HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, SignInManager<Account> signIn, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit) =>
        {
            var account = string.IsNullOrEmpty(form.Email) ? null : await users.FindByEmailAsync(form.Email);
            if (account is null || account.EmailConfirmed || string.IsNullOrEmpty(form.Token))
            {
                return HtmlPage.Render("Invitation", "This invitation is not valid, or was used already. Ask the secretariat for a new one.", "", StatusCodes.Status400BadRequest);
            }
            if (string.IsNullOrEmpty(form.NewPassword) || form.NewPassword != form.ConfirmPassword)
            {
                return Form(http, antiforgery, form.Email!, form.Token, "The password and its confirmation differ.", StatusCodes.Status400BadRequest);
            }

            var reset = await users.ResetPasswordAsync(account, form.Token, form.NewPassword);
            if (!reset.Succeeded)
            {
                var expired = reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
                return expired
                    ? HtmlPage.Render("Invitation", "This invitation has expired or was replaced. Ask the secretariat for a new one.", "", StatusCodes.Status400BadRequest)
                    : Form(http, antiforgery, form.Email!, form.Token, string.Join(" ", reset.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest);
            }
            account.EmailConfirmed = true;
            await users.UpdateAsync(account);
            await audit.RecordAsync(Actors.Of(account), "account.invitation-accepted", $"account/{account.Id}", null, http.RequestAborted);
            await signIn.SignInAsync(account, isPersistent: false);
            return HtmlPage.Render("Welcome to InfoHub", "Your account is ready.", "<p><a href=\"/\">Continue</a></p>");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record AcceptForm(string? Email, string? Token, string? NewPassword, string? ConfirmPassword);

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string email, string token, string? error, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render("Choose your password", error, $"""
            <form method="post" action="{Path}">
              {HtmlPage.AntiforgeryField(http, antiforgery)}
              <input type="hidden" name="email" value="{HtmlPage.Encode(email)}">
              <input type="hidden" name="token" value="{HtmlPage.Encode(token)}">
              <p>Account: {HtmlPage.Encode(email)}</p>
              <label>Password (12 characters or more) <input type="password" name="newPassword" autocomplete="new-password" minlength="12" required></label>
              <label>Password again <input type="password" name="confirmPassword" autocomplete="new-password" minlength="12" required></label>
              <button type="submit">Create my account</button>
            </form>
            """, status);
}
