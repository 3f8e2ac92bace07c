using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Account;

/// <summary>
/// A page of the signed-in person's own account. A visitor is sent to sign in first; what the page shows comes
/// from the identity service (<see cref="AccountApi"/>), which decides whose account it is from the token alone.
/// </summary>
public abstract class AccountPage(DirectoryApi directory, AccountApi accounts) : PortalPage(directory)
{
    public const string Path = "/my-account";

    /// <summary>
    /// The identity service's words for these forms, and the pages' own, shown in the reader's language (the service
    /// speaks English); a message not listed here shows as the service wrote it.
    /// </summary>
    public static readonly IReadOnlyList<string> Messages =
    [
        "Give your current password.", "Give the new password.", "Choose a new password, not the current one.",
        "That is not your current password.", "Too many wrong passwords: the account is locked for 15 minutes.",
        "Passwords must be at least 12 characters.", "The new password and its confirmation differ.",
        "That code is not right; check the app's clock and try the current code.",
        "Your second factor is on already.", "Your second factor is off already.", "Choose one of the languages below.",
    ];

    protected AccountApi Accounts => accounts;

    public OwnAccount Account { get; private set; } = null!;

    /// <summary>The identity service's field errors for the form just sent, by its field names.</summary>
    public ApiErrors Errors { get; protected set; } = ApiErrors.None;

    /// <summary>Null when the account could be read; else what to answer instead (a sign-in, or the page with the refusal).</summary>
    protected async Task<IActionResult?> LoadAccountAsync(CancellationToken ct)
    {
        if (!User.IsSignedIn()) return Challenge(new AuthenticationProperties { RedirectUri = Request.Path + Request.QueryString }, PortalSignIn.CookieScheme);
        // Secrets (the authenticator key, recovery codes) are on these pages: never kept by a browser or a proxy.
        Response.Headers.CacheControl = "no-store";
        var account = await accounts.ReadAsync(ct);
        if (!account.Succeeded) { Refuse(account, "/"); return Page(); }
        Account = account.Value!;
        return null;
    }

    /// <summary>Shows the identity service's refusal of a form: field errors beside their fields (400), anything else as the page's refusal.</summary>
    protected IActionResult Refused<T>(ApiResult<T> result, string field) where T : class
    {
        if (result.Status != System.Net.HttpStatusCode.BadRequest && result.Status != System.Net.HttpStatusCode.Conflict)
        {
            Refuse(result, Path);
            return Page();
        }
        Errors = ApiErrors.Of(result, field);
        Response.StatusCode = (int)result.Status;
        return Page();
    }
}
