using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace InfoHub.Platform.Security;

/// <summary>
/// Authentication only for requests that carry credentials. Where the bearer scheme is the only way in (every process but
/// the identity service), a request without an <c>Authorization</c> header has nothing to authenticate: the bearer
/// handler, built per request, would read the absent header and find no result, leaving the caller anonymous, as
/// skipping it does. That is most of the gateway's public traffic (bench/README.md, "Gateway cost"). Where a scheme
/// answers requests itself (the identity service's OpenID Connect endpoints) or reads cookies, every request is authenticated as before.
/// </summary>
public static class AnonymousRequests
{
    /// <summary>
    /// ASP.NET Core's marker (<c>AuthAppBuilderExtensions.AuthenticationMiddlewareSetKey</c>) that the application added
    /// the authentication middleware itself; <c>WebApplication</c> adds another at the head of the pipeline when it is
    /// missing, and <c>UseAuthentication</c> sets it only on the branch it is called on.
    /// </summary>
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";

    /// <summary>In place of <c>UseAuthentication</c>.</summary>
    public static IApplicationBuilder UseAuthenticationOfCredentials(this IApplicationBuilder app)
    {
        var schemes = app.ApplicationServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var bearerOnly = schemes.GetDefaultAuthenticateSchemeAsync().GetAwaiter().GetResult()?.Name == JwtBearerDefaults.AuthenticationScheme
                         && !schemes.GetRequestHandlerSchemesAsync().GetAwaiter().GetResult().Any();
        if (!bearerOnly) return app.UseAuthentication();
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.UseWhen(context => context.Request.Headers.ContainsKey(HeaderNames.Authorization), branch => branch.UseAuthentication());
    }
}
