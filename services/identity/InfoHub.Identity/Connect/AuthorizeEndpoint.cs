using InfoHub.Identity.Accounts;
using InfoHub.Identity.SignIn;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Server.AspNetCore;

namespace InfoHub.Identity.Connect;

public static class AuthorizeEndpoint
{
    public const string Path = "/connect/authorize";

    public static IEndpointRouteBuilder MapAuthorizeEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).DisableAntiforgery().AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Signed in (cookie): issue the code for the account. Not signed in: go to the sign-in page and come back.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<Account> users, SignInManager<Account> signIn, TokenPrincipals principals)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var account = cookie.Succeeded ? await users.GetUserAsync(cookie.Principal!) : null;
        if (account is null || !await signIn.CanSignInAsync(account) || await users.IsLockedOutAsync(account))
        {
            var query = http.Request.HasFormContentType
                ? QueryString.Create((await http.Request.ReadFormAsync()).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())))
                : http.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + query },
                [IdentityConstants.ApplicationScheme]);
        }

        // The one-time password is replaced before any code (so any token) is issued; then the flow resumes here.
        if (await users.AppliesToAsync(account))
        {
            var back = http.Request.PathBase + http.Request.Path + (http.Request.HasFormContentType
                ? QueryString.Create((await http.Request.ReadFormAsync()).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())))
                : http.Request.QueryString);
            return Results.LocalRedirect($"{PasswordPage.Path}?returnUrl={Uri.EscapeDataString(back)}");
        }

        var principal = await principals.ForAccountAsync(account, request.GetScopes(), http.RequestAborted);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
