using System.Security.Claims;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace InfoHub.Web.Shared.SignIn;

/// <summary>
/// People sign in to the portal through the hub's own OpenID Connect provider (the identity service): authorization
/// code with PKCE, as the public client <c>infohub-web</c>. The browser holds only a session cookie; the tokens stay in
/// the portal's memory (<see cref="ServerSideSessions"/>) and are refreshed before they expire (<see cref="TokenRefresh"/>).
/// Signing out ends the session at the provider too.
/// </summary>
public static class PortalSignIn
{
    /// <summary>The portal's session cookie. The APIs in the same process (embedded host) keep bearer tokens as their default.</summary>
    public const string CookieScheme = "InfoHub.Portal";

    public const string ProviderScheme = "InfoHub.Portal.OpenIdConnect";

    public const string CookieName = ".InfoHub.Portal";

    /// <summary>The identity service's client for the portal (created by its bootstrap, with the redirect URIs the deployment names).</summary>
    public const string ClientId = "infohub-web";

    public const string CallbackPath = "/signin-callback";

    public const string SignedOutCallbackPath = "/signout-callback";

    /// <summary>Pages read the visitor from the portal's cookie only (never from a bearer token sent to the page).</summary>
    public static readonly AuthorizationPolicy Visitor = new AuthorizationPolicyBuilder(CookieScheme).RequireAssertion(_ => true).Build();

    internal static IServiceCollection AddPortalSignIn(this IServiceCollection services)
    {
        services.AddSingleton<ServerSideSessions>();
        services.AddSingleton<TokenRefresh>();
        services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<TokenRefresh>().ValidateAsync(context);
            })
            .AddOpenIdConnect(ProviderScheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.ClientId = ClientId;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back on a top-level GET: the SameSite=Lax cookies that tie it to this browser travel with it.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "roles", "offline_access", "infohub" }) o.Scope.Add(scope);
                o.SaveTokens = true;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = "role";
                o.CallbackPath = CallbackPath;
                o.SignedOutCallbackPath = SignedOutCallbackPath;
                o.SignedOutRedirectUri = "/";
                // Plain HTTP is allowed where the provider is (loopback, one machine); the cookies follow the request's scheme.
                o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    // The provider's pages speak the reader's language where they can.
                    // (The culture's name: the hub runs without ICU, where every culture's two-letter code reads "iv".)
                    context.ProtocolMessage.UiLocales = System.Globalization.CultureInfo.CurrentUICulture.Name;
                    return Task.CompletedTask;
                };
                o.Events.OnTokenValidated = context =>
                {
                    // The language the person chose in their account (on this device or another) is this device's from now on.
                    if (context.Principal?.FindFirst(InterfaceLanguage.Claim)?.Value is { } language && InterfaceLanguage.IsSpoken(language))
                    {
                        InterfaceLanguage.Remember(context.HttpContext, language);
                    }
                    return Task.CompletedTask;
                };
                o.Events.OnRemoteFailure = context =>
                {
                    // Cancelled at the provider, a replayed callback, an expired attempt: say so, offer to try again.
                    context.HandleResponse();
                    context.Response.Redirect(SignInPath + "?failed=true");
                    return Task.CompletedTask;
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<ServerSideSessions>((o, sessions) => o.SessionStore = sessions);
        // Where the provider is is known only once the portal knows its API address (the embedded host: after it listens).
        // Behind a gateway in containers (the compose file), the provider's address is the browsers' (Web:Authority) and
        // the portal reaches it at Auth:BackchannelAddress instead (ProviderBackchannel).
        services.AddOptions<OpenIdConnectOptions>(ProviderScheme).Configure<ApiAddress, IOptions<WebPortalOptions>, IOptions<AuthOptions>>((o, api, portal, auth) =>
        {
            var authority = portal.Value.Authority ?? api.Value;
            o.Authority = authority.AbsoluteUri;
            o.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps;
            if (auth.Value.BackchannelAddress is { } backchannel) o.BackchannelHttpHandler = ProviderBackchannel.Create(authority, backchannel);
        });
        return services;
    }

    /// <summary>The page that starts a sign-in (and explains one that failed).</summary>
    public const string SignInPath = "/signin";

    /// <summary>Where the portal sends a sign-out (a form post, with its anti-forgery token).</summary>
    public const string SignOutPath = "/signout";

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: not null };

    /// <summary>The signed-in person's display name (the provider's <c>name</c> claim: their name, or their email when they gave none).</summary>
    public static string? DisplayName(this ClaimsPrincipal user) => user.IsSignedIn() ? user.FindFirstValue("name") ?? user.FindFirstValue("email") : null;

    /// <summary>The access token of the portal session, to call the hub's APIs as the signed-in person; null when nobody is signed in.</summary>
    public static async Task<string?> AccessTokenAsync(this HttpContext http) =>
        http.User.IsSignedIn() ? await http.GetTokenAsync(CookieScheme, "access_token") : null;
}
