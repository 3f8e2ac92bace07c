using Microsoft.AspNetCore.Identity;

namespace InfoHub.Identity.Accounts;

/// <summary>A person who signs in: a member of an organization, or secretariat staff.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The directory organization a member belongs to and may edit; null for the secretariat.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>Disabled by the secretariat: locked out with no end (ASP.NET Core Identity's lockout, so no column is added to existing stores).</summary>
    public bool Disabled => LockoutEnd == DateTimeOffset.MaxValue;
}

/// <summary>
/// An account that must choose a new password before anything else: the first secretariat account, created with a
/// one-time password that was printed and written to a file. Kept as a claim of the account (no new column).
/// </summary>
public static class PasswordChangeRequirement
{
    public const string ClaimType = "infohub:password-change-required";

    public static async Task<bool> AppliesToAsync(this UserManager<Account> users, Account account) =>
        (await users.GetClaimsAsync(account)).Any(c => c.Type == ClaimType);

    public static Task<IdentityResult> RequirePasswordChangeAsync(this UserManager<Account> users, Account account) =>
        users.AddClaimAsync(account, new System.Security.Claims.Claim(ClaimType, "true"));

    public static async Task ClearPasswordChangeRequirementAsync(this UserManager<Account> users, Account account)
    {
        foreach (var claim in (await users.GetClaimsAsync(account)).Where(c => c.Type == ClaimType).ToList()) await users.RemoveClaimAsync(account, claim);
    }
}
