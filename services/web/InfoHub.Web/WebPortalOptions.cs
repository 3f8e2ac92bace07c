namespace InfoHub.Web;

/// <summary>Bound from <c>Web</c>.</summary>
public sealed class WebPortalOptions
{
    public const string Section = "Web";

    /// <summary>
    /// Where the portal calls the hub's public APIs: the gateway's address in distributed mode. Unset (the embedded host),
    /// the portal calls the process it runs in, on the loopback address it listens on.
    /// </summary>
    public Uri? ApiBaseAddress { get; set; }

    /// <summary>
    /// The OpenID Connect provider people sign in with: the hub's identity service at its public address (its issuer).
    /// Unset, the one at <see cref="ApiBaseAddress"/> (through the gateway; in the embedded host, this process).
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>
    /// Send each visitor's address to the gateway in <c>X-Forwarded-For</c>, so that the gateway (which lists the portal
    /// under <c>Gateway:ForwardedHeaders:KnownProxies</c>) rate-limits each visitor on their own, not the portal as one
    /// anonymous client.
    /// </summary>
    public bool ForwardVisitorAddress { get; set; } = true;

    /// <summary>
    /// The proxies in front of the portal (the gateway) whose <c>X-Forwarded-For</c> names the visitor, as addresses
    /// (<c>10.0.0.5</c>) or CIDR networks (<c>172.28.0.0/16</c>). Empty, the default, believes no one.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Problems()
    {
        foreach (var proxy in TrustedProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _) && !System.Net.IPNetwork.TryParse(p, out _)))
            yield return new($"{Section}:TrustedProxies: '{proxy}' is neither an IP address nor a network in CIDR notation.");
        if (ApiBaseAddress is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
            yield return new($"{Section}:ApiBaseAddress must be an absolute http(s) address, such as http://gateway:8080/.");
        if (Authority is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
            yield return new($"{Section}:Authority must be an absolute http(s) address, such as https://infohub.example.org/.");
    }
}
