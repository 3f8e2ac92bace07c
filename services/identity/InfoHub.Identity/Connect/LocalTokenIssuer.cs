using InfoHub.Platform.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace InfoHub.Identity.Connect;

/// <summary>Lets services in the same process validate this server's tokens with its keys directly.</summary>
internal sealed class LocalTokenIssuer(IOptionsMonitor<OpenIddictServerOptions> server) : ILocalTokenIssuer
{
    public string? Issuer => server.CurrentValue.Issuer?.AbsoluteUri;

    public IEnumerable<SecurityKey> SigningKeys => server.CurrentValue.SigningCredentials.Select(c => c.Key);
}
