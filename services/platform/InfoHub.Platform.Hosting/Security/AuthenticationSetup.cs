using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Platform.Security;

/// <summary>Bound from the <c>Auth</c> section: which OpenID Connect provider's access tokens this process accepts.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The issuer (the hub's identity service through the gateway, or an external provider). Not needed when the identity service runs in this process.</summary>
    public Uri? Authority { get; set; }

    /// <summary>
    /// Where this process reaches the provider when <see cref="Authority"/> is an address for browsers that it cannot
    /// reach itself (in the compose file: <c>http://localhost:8080/</c> for the browser, <c>http://gateway:8080/</c>
    /// for the containers). Its calls to the Authority's origin go here instead, keeping their Host (<see cref="ProviderBackchannel"/>).
    /// </summary>
    public Uri? BackchannelAddress { get; set; }

    /// <summary>Where to read the provider's discovery document when it differs from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public Uri? MetadataAddress { get; set; }

    [Required] public string Audience { get; set; } = "infohub";

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim carrying member, secretariat or partner; an external provider may name it differently (e.g. "roles").</summary>
    [Required] public string RoleClaim { get; set; } = "role";

    /// <summary>
    /// The identity service's list of revocations still in force; unset: <c>{Authority}/api/identity/revocations</c>.
    /// Read only where the identity service does not run in this process.
    /// </summary>
    public Uri? RevocationsAddress { get; set; }

    /// <summary>How often that list is read: how soon, at the latest, a process without a bus (the gateway) refuses a revoked token.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal Uri? RevocationsAddressOrDefault =>
        RevocationsAddress ?? (Authority is null ? null : new Uri(new Uri(Authority.AbsoluteUri.TrimEnd('/') + "/"), "api/identity/revocations"));
}

/// <summary>Offered by the identity service when it runs in the same process (the embedded host): its keys, without a network round trip.</summary>
public interface ILocalTokenIssuer
{
    /// <summary>The fixed issuer, or null when the issuer follows the request's address.</summary>
    string? Issuer { get; }

    IEnumerable<SecurityKey> SigningKeys { get; }
}

public static class AuthenticationSetup
{
    /// <summary>Bearer-token validation and the hub's policies; every service calls this through its service defaults.</summary>
    internal static void AddTokenValidation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, RequireAnIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o => o.Events = new JwtBearerEvents
        {
            OnTokenValidated = RevokedSubjects.RefuseRevokedAsync,
            // RFC 6750's error_description names the cause, as it does for an expired token.
            OnChallenge = context =>
            {
                if (context.AuthenticateFailure is SecurityTokenRevokedException) context.ErrorDescription = "The token was revoked";
                return Task.CompletedTask;
            },
        });
        services.AddSingleton<RevokedSubjects>();
        services.AddHttpClient(RevocationFeed.ClientName).ConfigurePrimaryHttpMessageHandler(sp =>
            sp.GetRequiredService<IOptions<AuthOptions>>().Value is { Authority: { } authority } auth
                ? ProviderBackchannel.Create(authority, auth.BackchannelAddress) : new SocketsHttpHandler());
        services.AddHostedService<RevocationFeed>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IServiceProvider>((bearer, auth, sp) => Configure(bearer, auth.Value, sp.GetService<ILocalTokenIssuer>()));

        services.AddAuthorizationBuilder()
            .AddPolicy(Access.Members, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireRole(Access.Roles.Member, Access.Roles.Secretariat))
            .AddPolicy(Access.Secretariat, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireRole(Access.Roles.Secretariat))
            .AddPolicy(Access.SignedIn, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireRole(Access.Roles.Member, Access.Roles.Secretariat, Access.Roles.Partner));
    }

    private static void Configure(JwtBearerOptions bearer, AuthOptions auth, ILocalTokenIssuer? local)
    {
        bearer.MapInboundClaims = false;
        // One handler, as JwtBearer's default, remembering the tokens it validated (see ValidatedTokens for why that is safe).
        bearer.TokenHandlers.Clear();
        bearer.TokenHandlers.Add(new ValidatedTokens(new JsonWebTokenHandler { MapInboundClaims = false }));
        var parameters = bearer.TokenValidationParameters;
        parameters.NameClaimType = "name";
        parameters.RoleClaimType = auth.RoleClaim;
        parameters.ValidAudience = auth.Audience;
        parameters.ValidateLifetime = true;
        parameters.ClockSkew = TimeSpan.FromSeconds(30);

        if (local is not null && auth.Authority is null)
        {
            // Only this process holds the private keys, so a valid signature already names the issuer.
            parameters.IssuerSigningKeyResolver = (_, _, _, _) => local.SigningKeys;
            parameters.ValidateIssuer = local.Issuer is not null;
            parameters.ValidIssuer = local.Issuer;
            return;
        }
        bearer.Authority = auth.Authority!.ToString();
        if (auth.MetadataAddress is not null) bearer.MetadataAddress = auth.MetadataAddress.ToString();
        bearer.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        if (auth.BackchannelAddress is not null) bearer.BackchannelHttpHandler = ProviderBackchannel.Create(auth.Authority!, auth.BackchannelAddress);
    }

    /// <summary>Fails start-up, rather than every request, when no provider is named and none runs in this process.</summary>
    private sealed class RequireAnIssuer(IServiceProvider services) : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            options.Authority is null && services.GetService<ILocalTokenIssuer>() is null
                ? ValidateOptionsResult.Fail("Auth:Authority must name the OpenID Connect provider whose access tokens this service accepts " +
                                             "(the hub's identity service through the gateway, e.g. http://localhost:5100/, or an external provider).")
                : options.Authority is null && options.BackchannelAddress is not null
                ? ValidateOptionsResult.Fail("Auth:BackchannelAddress is where this process reaches Auth:Authority; name the Authority too.")
                : ValidateOptionsResult.Success;
    }
}
