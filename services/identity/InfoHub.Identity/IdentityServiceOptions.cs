using System.ComponentModel.DataAnnotations;

namespace InfoHub.Identity;

/// <summary>Bound from the <c>Identity</c> configuration section.</summary>
public sealed class IdentityServiceOptions
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

    /// <summary>Redirect URIs of the web UI's public client (authorization code + PKCE).</summary>
    public string[] WebClientRedirectUris { get; set; } = [];

    /// <summary>Create a demo partner client (client credentials) on first start.</summary>
    public bool DemoData { get; set; }
}
