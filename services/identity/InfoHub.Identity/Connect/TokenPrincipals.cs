using InfoHub.Platform.Security;
using System.Security.Claims;
using InfoHub.Identity.Accounts;
using InfoHub.Identity.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace InfoHub.Identity.Connect;

/// <summary>Builds the principals OpenIddict turns into tokens, always from the current state of the account or client.</summary>
public sealed class TokenPrincipals(UserManager<Account> users, DirectoryOrganizations organizations)
{
    public async Task<ClaimsPrincipal> ForAccountAsync(Account account, IEnumerable<string> scopes, CancellationToken ct)
    {
        var roles = await users.GetRolesAsync(account);
        var organization = account.OrganizationId;
        // A member of an organization the directory removed keeps the account but acts for no organization.
        if (organization is { } id && await organizations.GetAsync(id, ct) is { Removed: true })
        {
            organization = null;
            roles = [.. roles.Where(r => r != Access.Roles.Member)];
        }
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Id.ToString())
                .SetClaim(Claims.Email, account.Email)
                .SetClaim(Claims.Name, string.IsNullOrEmpty(account.DisplayName) ? account.Email : account.DisplayName)
                .SetClaims(Claims.Role, [.. roles]);
        if (organization is not null) identity.SetClaim(Access.OrganizationClaim, organization.ToString());
        if (await users.LanguageAsync(account) is { } language) identity.SetClaim(Claims.Locale, language);
        return Finish(identity, scopes);
    }

    public static ClaimsPrincipal ForClient(string clientId, string? displayName, string role, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId)
                .SetClaim(Claims.Name, displayName ?? clientId)
                .SetClaims(Claims.Role, [role]);
        return Finish(identity, scopes);
    }

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetResources(IdentityExtensions.Audience);
        identity.SetDestinations(claim => claim.Type switch
        {
            // Everything goes into the access token; the identity token gets only what the granted scopes allow.
            Claims.Name or Claims.Email when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Role when identity.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
            // The organization a member acts for: a client (the portal) shows its own members where they may edit.
            Access.OrganizationClaim when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            // The interface language the person chose (on any device): the client speaks it from the sign-in on.
            Claims.Locale when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
