using System.ComponentModel.DataAnnotations;

namespace InfoHub.Identity;

/// <summary>Bound from the <c>Identity</c> configuration section.</summary>
public sealed class IdentityServiceOptions : IValidatableObject
{
    public const string Section = "Identity";

    /// <summary>The public issuer URL (the gateway's, in a deployment). Unset: taken from each request.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Refuse plain HTTP. Turn off only where TLS ends in front of the service or on loopback.</summary>
    public bool RequireHttps { get; set; } = true;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:10:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A new signing key is made when the newest is this old; older keys keep validating for another period.</summary>
    [Range(1, 3650)]
    public int SigningKeyRotationDays { get; set; } = 90;

    /// <summary>The first secretariat account, created on first start when no secretariat account exists.</summary>
    [Required, EmailAddress]
    public string BootstrapEmail { get; set; } = "secretariat@infohub.local";

    /// <summary>Redirect URIs of the web portal's public client (authorization code + PKCE): <c>{portal}/signin-callback</c>.</summary>
    public string[] WebClientRedirectUris { get; set; } = [];

    /// <summary>Where the provider may send a person back after signing out of the portal: <c>{portal}/signout-callback</c>.</summary>
    public string[] WebClientPostLogoutRedirectUris { get; set; } = [];

    /// <summary>
    /// Machine clients (client credentials) declared by the deployment: partner systems, or the secretariat's own
    /// automation. Created or updated on every start.
    /// </summary>
    public ClientSettings[] Clients { get; set; } = [];

    /// <summary>Create a demo partner client (client credentials) and, with <see cref="DemoMember"/>, a demo member, on first start.</summary>
    public bool DemoData { get; set; }

    /// <summary>The demo member (demo data only): an invented person of an organization the demo directory holds.</summary>
    public DemoMemberSettings DemoMember { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Clients.Length; i++)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(Clients[i], new ValidationContext(Clients[i]), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"Identity:Clients:{i}: {result.ErrorMessage}", result.MemberNames.Select(m => $"Clients[{i}].{m}"));
            }
        }
        foreach (var duplicate in Clients.GroupBy(c => c.ClientId).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Identity:Clients names {duplicate.Key} more than once.", [nameof(Clients)]);
        }
    }
}

public sealed class ClientSettings
{
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{2,63}$")] public string ClientId { get; set; } = "";
    [Required, MinLength(16)] public string Secret { get; set; } = "";
    [Required, RegularExpression("^(partner|secretariat)$")] public string Role { get; set; } = "partner";
    public string? DisplayName { get; set; }
}

public sealed class DemoMemberSettings
{
    public string Email { get; set; } = "member@demo.infohub.local";
    public string Password { get; set; } = "demo-member-password";
    public Guid? OrganizationId { get; set; }
}
