using InfoHub.Identity.Accounts;
using InfoHub.Identity.Bootstrap;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace InfoHub.Identity.Connect;

public static class TokenEndpoint
{
    public const string Path = "/connect/token";

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, IssueAsync).DisableAntiforgery().AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>OpenIddict has already authenticated the client and checked the grant; this decides who the token is for.</summary>
    private static async Task<IResult> IssueAsync(
        HttpContext http,
        IOpenIddictApplicationManager applications,
        UserManager<Account> users,
        SignInManager<Account> signIn,
        TokenPrincipals principals)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted);
            if (application is null) return Refuse(Errors.InvalidClient, "The client is unknown.");
            var principal = TokenPrincipals.ForClient(
                request.ClientId!,
                await applications.GetDisplayNameAsync(application, http.RequestAborted),
                await MachineClients.RoleAsync(applications, application, http.RequestAborted),
                request.GetScopes());
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var stored = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var account = stored?.GetClaim(Claims.Subject) is { } id ? await users.FindByIdAsync(id) : null;
            // Re-checked on every refresh: a disabled or locked-out account stops getting tokens, and one that must
            // still replace its one-time password gets none.
            if (account is null || !await signIn.CanSignInAsync(account) || await users.IsLockedOutAsync(account))
            {
                return Refuse(Errors.InvalidGrant, "The account can no longer sign in.");
            }
            if (await users.AppliesToAsync(account))
            {
                return Refuse(Errors.InvalidGrant, "The account must change its password first, at /account/password.");
            }
            var principal = await principals.ForAccountAsync(account, stored!.GetScopes(), http.RequestAborted);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
