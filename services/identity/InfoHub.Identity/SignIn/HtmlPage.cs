using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace InfoHub.Identity.SignIn;

/// <summary>The identity service's few server-rendered pages: one shell, every value HTML-encoded, every form with an antiforgery field.</summary>
internal static class HtmlPage
{
    public static IResult Render(string title, string? message, string body, int status = StatusCodes.Status200OK)
    {
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)} · InfoHub</title></head>
            <body>
              <main>
                <h1>{Encode(title)}</h1>
                {(message is null ? "" : $"<p role=\"alert\">{Encode(message)}</p>")}
                {body}
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    public static string AntiforgeryField(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken ?? "")}">""";
    }

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>The account signed in on the identity service's own cookie, if any (these pages see no access tokens).</summary>
    public static async Task<InfoHub.Identity.Accounts.Account?> SignedInAccountAsync(HttpContext http, Microsoft.AspNetCore.Identity.UserManager<InfoHub.Identity.Accounts.Account> users)
    {
        var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(http, Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        return result.Succeeded ? await users.GetUserAsync(result.Principal!) : null;
    }
}
