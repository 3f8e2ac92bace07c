using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace InfoHub.Web.Shared.Localization;

/// <summary>
/// The reader's interface language, remembered in a cookie for a year: chosen on any page, on the account page, or
/// brought by the sign-in (the account's <c>locale</c>, chosen on another device).
/// </summary>
public static class InterfaceLanguage
{
    /// <summary>OpenID Connect's claim for the account's language.</summary>
    public const string Claim = "locale";

    public static bool IsSpoken(string? code) => code is not null && WebPortalExtensions.Languages.Contains(code, StringComparer.Ordinal);

    public static void Remember(HttpContext http, string code) =>
        http.Response.Cookies.Append(WebPortalExtensions.LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(code)), new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
        });

    /// <summary>
    /// <paramref name="text"/> in <paramref name="language"/> when the portal speaks it, else in the reader's interface
    /// language, with the language it is in (for a <c>lang</c> attribute): a digest's own headings follow the digest,
    /// not the page around it.
    /// </summary>
    public static (string Text, string Language) In(this IStringLocalizer localizer, string language, string text)
    {
        if (!IsSpoken(language)) return (localizer[text], Labels.Language);
        var reader = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return (localizer[text], language);
        }
        finally
        {
            CultureInfo.CurrentUICulture = reader;
        }
    }
}
