using System.Security.Claims;

namespace InfoHub.Platform.Security;

/// <summary>
/// Who may call what. Every endpoint declares one of these policies (or <c>AllowAnonymous</c> for public data);
/// the authorization matrix test fails the build for an endpoint that declares neither.
/// </summary>
public static class Access
{
    /// <summary>Roles carried in the access token's <c>role</c> claim.</summary>
    public static class Roles
    {
        public const string Member = "member";
        public const string Secretariat = "secretariat";
        public const string Partner = "partner";
    }

    /// <summary>The access-token claim naming a member's organization in the directory.</summary>
    public const string OrganizationClaim = "org";

    /// <summary>People of the network: members and the secretariat (not partner systems).</summary>
    public const string Members = "members";

    /// <summary>The secretariat only.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Anyone signed in: members, the secretariat and partner systems.</summary>
    public const string SignedIn = "signed-in";

    public static bool IsSecretariat(this ClaimsPrincipal user) => user.IsInRole(Roles.Secretariat);

    /// <summary>The secretariat, or a member of <paramref name="organization"/>: who may edit that organization's own data.</summary>
    public static bool MayEditOrganization(this ClaimsPrincipal user, Guid organization) =>
        user.IsSecretariat() ||
        user.IsInRole(Roles.Member) && Guid.TryParse(user.FindFirst(OrganizationClaim)?.Value, out var own) && own == organization;
}
