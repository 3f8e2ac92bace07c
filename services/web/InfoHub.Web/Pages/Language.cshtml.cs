using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;
using InfoHub.Web.Shared.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoHub.Web.Pages;

/// <summary>
/// The interface language: chosen from Accept-Language until the reader picks one here, then remembered in a cookie,
/// and for a signed-in person in their account too, so that their other devices speak it from their next sign-in.
/// </summary>
public sealed class LanguageSwitch(AccountApi account) : PageModel
{
    /// <summary>Each interface language named in itself.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Names = [("en", "English"), ("fr", "Français"), ("es", "Español")];

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken ct)
    {
        if (!InterfaceLanguage.IsSpoken(culture))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        InterfaceLanguage.Remember(HttpContext, culture!);
        // The account's copy is a convenience: this device speaks the language whether or not the identity service answers.
        if (User.IsSignedIn()) await account.SetLanguageAsync(culture!, ct);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
