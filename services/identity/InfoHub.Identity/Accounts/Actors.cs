using System.Security.Claims;

namespace InfoHub.Identity.Accounts;

/// <summary>The audit trail's actor for things a person does on the sign-in pages (where no access token is at hand).</summary>
internal static class Actors
{
    public static ClaimsPrincipal Of(Account account) =>
        new(new ClaimsIdentity([new Claim("sub", account.Id.ToString()), new Claim("name", account.Email ?? account.DisplayName)]));
}
