using Microsoft.AspNetCore.Identity;

namespace InfoHub.Identity.Accounts;

/// <summary>A person who signs in: a member of an organization, or secretariat staff.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The directory organization a member belongs to and may edit; null for the secretariat.</summary>
    public Guid? OrganizationId { get; set; }
}

/// <summary>The roles carried in access tokens (claim <c>role</c>).</summary>
public static class Roles
{
    public const string Member = "member";
    public const string Secretariat = "secretariat";
    public const string Partner = "partner";
}

/// <summary>Claims InfoHub adds to access tokens beyond the standard ones.</summary>
public static class InfoHubClaims
{
    /// <summary>The member's organization id in the directory.</summary>
    public const string Organization = "org";
}
