using Microsoft.AspNetCore.Identity;

namespace InfoHub.Identity.Accounts;

/// <summary>A person who signs in: a member of an organization, or secretariat staff.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The directory organization a member belongs to and may edit; null for the secretariat.</summary>
    public Guid? OrganizationId { get; set; }
}
