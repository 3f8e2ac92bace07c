using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoHub.Web.Pages;

/// <summary>The interface language: chosen from Accept-Language until the reader picks one here, then remembered in a cookie.</summary>
public sealed class LanguageSwitch : PageModel
{
    /// <summary>Each interface language named in itself.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Names = [("en", "English"), ("fr", "Français"), ("es", "Español")];

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (culture is null || !WebPortalExtensions.Languages.Contains(culture))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Response.Cookies.Append(WebPortalExtensions.LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
        });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
