using InfoHub.Identity.Accounts;
using InfoHub.Identity.Bootstrap;
using InfoHub.Identity.Clients;
using Microsoft.AspNetCore.DataProtection;
using InfoHub.Identity.Connect;
using InfoHub.Identity.Keys;
using InfoHub.Identity.Organizations;
using InfoHub.Identity.Revocations;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Identity.SignIn;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace InfoHub.Identity;

/// <summary>
/// The hub's own OpenID Connect provider (OpenIddict): authorization code + PKCE for people, client credentials for
/// partner systems, refresh tokens, rotated signing keys; accounts with ASP.NET Core Identity (hashing, lockout).
/// </summary>
public static class IdentityExtensions
{
    public const string Service = "identity";

    /// <summary>The audience every InfoHub access token is issued for.</summary>
    public const string Audience = "infohub";

    public static IHostApplicationBuilder AddInfoHubIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var services = builder.Services;
        services.AddOptions<IdentityServiceOptions>()
            .Bind(builder.Configuration.GetSection(IdentityServiceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Accounts and OpenIddict's data: EF Core on SQLite. The audit trail: the service's own document store.
        builder.AddDocumentStore(Service, SubjectRevocations.Collection, DirectoryOrganizations.Collection);
        builder.AddAuditTrail(Service);
        // Revocations go out through the outbox; the directory's organizations come in as events.
        builder.AddOutboxRelay(Service);
        services.AddSingleton<SubjectRevocations>();
        services.AddSingleton<DirectoryOrganizations>();
        builder.AddConsumer<OrganizationRegisteredConsumer>();
        builder.AddConsumer<OrganizationUpdatedConsumer>();
        builder.AddConsumer<OrganizationRemovedConsumer>();
        services.AddHostedService<DirectoryCatchUp>();

        services.AddDbContext<IdentityDb>((sp, db) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            Directory.CreateDirectory(storage.DataDirectory);
            IdentityDb.Configure(db, Path.Combine(storage.DataDirectory, "identity-accounts.db"));
        });

        services.AddIdentityCore<Account>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length, not composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<IdentityDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // The sign-in cookie is the identity service's own; services and partners only ever see access tokens.
        services.AddAuthentication()
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = LoginPage.Path;
                o.Cookie.Name = "infohub.signin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            })
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, o => o.ExpireTimeSpan = TimeSpan.FromMinutes(5))
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme)
            .AddCookie(IdentityConstants.ExternalScheme);
        services.AddAntiforgery();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = AccountEndpoints.InvitationLifetime);
        // Cookies and invitation links must survive a restart: keep the data-protection keys with the service's data.
        var dataDirectory = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.DataDirectory ?? "data";
        services.AddDataProtection()
            .SetApplicationName("InfoHub.Identity")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "identity-keys", "data-protection")));

        services.AddSingleton(sp => new SigningKeyRing(
            Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, "identity-keys"),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IdentityServiceOptions>>().Value.SigningKeyRotationDays));

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenEndpoint.Path)
                 .SetAuthorizationEndpointUris(AuthorizeEndpoint.Path)
                 .SetEndSessionEndpointUris(EndSessionEndpoint.Path);
                o.AllowClientCredentialsFlow()
                 .AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                 .AllowRefreshTokenFlow();
                o.RegisterScopes(OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.Profile, OpenIddictConstants.Scopes.Roles,
                    OpenIddictConstants.Scopes.OfflineAccess, Audience);
                // Services and partner systems validate plain signed JWTs, with any OpenID Connect library.
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                 .EnableTokenEndpointPassthrough()
                 .EnableAuthorizationEndpointPassthrough()
                 .EnableEndSessionEndpointPassthrough();
            });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ConfigureServerFromSettings>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerAspNetCoreOptions>, ConfigureServerFromSettings>();

        services.AddScoped<TokenPrincipals>();
        services.AddSingleton<ILocalTokenIssuer, LocalTokenIssuer>();
        services.AddHostedService<IdentityBootstrap>();
        services.AddHealthChecks().AddCheck<IdentityDbHealthCheck>("accounts-identity", tags: ["ready"]);
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub identity",
            "The secretariat's management of accounts, invitations and machine clients. Tokens come from the OpenID Connect endpoints " +
            "(/.well-known/openid-configuration, /connect/token, /connect/authorize), which the security schemes name.", "/api/identity"));
        return builder;
    }

    public static WebApplication MapInfoHubIdentity(this WebApplication app)
    {
        app.MapTokenEndpoint();
        app.MapAuthorizeEndpoint();
        app.MapEndSessionEndpoint();
        app.MapLoginPage();
        app.MapPasswordPage();
        app.MapInvitationPage();
        app.MapTwoFactorPages();
        app.MapAccounts();
        app.MapOwnAccount();
        app.MapClients();
        app.MapRevocations();
        app.MapAuditTrail("/api/identity/audit", Service);
        return app;
    }

    /// <summary>Settings that come from bound options (keys, lifetimes, issuer) rather than from code.</summary>
    private sealed class ConfigureServerFromSettings(IOptions<IdentityServiceOptions> settings, SigningKeyRing keys)
        : IConfigureOptions<OpenIddictServerOptions>, IConfigureOptions<OpenIddictServerAspNetCoreOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var value = settings.Value;
            if (value.Issuer is not null) options.Issuer = value.Issuer;
            options.AccessTokenLifetime = value.AccessTokenLifetime;
            options.RefreshTokenLifetime = value.RefreshTokenLifetime;
            foreach (var key in keys.SigningKeys())
            {
                options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            }
            options.EncryptionCredentials.Add(new EncryptingCredentials(keys.EncryptionKey(), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }

        public void Configure(OpenIddictServerAspNetCoreOptions options) =>
            options.DisableTransportSecurityRequirement = !settings.Value.RequireHttps;
    }

    private sealed class IdentityDbHealthCheck(IdentityDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy("identity store answers")
                : HealthCheckResult.Unhealthy("identity store does not answer");
    }
}
