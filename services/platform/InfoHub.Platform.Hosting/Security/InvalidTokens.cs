using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Platform.Security;

/// <summary>
/// A request whose bearer token fails validation (expired, badly signed, for another audience, unreadable) gets 401
/// with <c>WWW-Authenticate: Bearer error="invalid_token"</c> (RFC 6750 §3.1) on every route, public reads included:
/// treating it as anonymous would hide from the caller that its token no longer works, and it would quietly see less.
/// A request without a token is left to each endpoint's policy.
/// </summary>
public static class InvalidTokens
{
    /// <summary>
    /// Call right before <c>UseAuthentication</c> (<see cref="AnonymousRequests.UseAuthenticationOfCredentials"/>), which reuses this verdict (a token is validated once a request). Not
    /// after: the identity service's OpenID Connect endpoints (<c>/connect/*</c>) answer from within it, and would take
    /// such a request as a malformed protocol request (400) where the gateway says 401.
    /// </summary>
    public static IApplicationBuilder UseInvalidTokenRefusal(this IApplicationBuilder app) => app.Use(RefuseInvalidTokenAsync);

    private static async Task RefuseInvalidTokenAsync(HttpContext context, RequestDelegate next)
    {
        if (!CarriesBearerToken(context.Request))
        {
            await next(context);
            return;
        }
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Failure is null)
        {
            await next(context);
            return;
        }
        // The bearer handler's challenge writes the 401 and the RFC 6750 header, with error_description naming the cause.
        await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Invalid token",
                Detail = result.Failure is SecurityTokenRevokedException
                    ? "The bearer token was revoked: its account was disabled or removed, its client deleted, or its organization left the directory."
                    : "The bearer token is invalid or expired. Send a valid access token, or none for public data.",
            },
        });
    }

    private static bool CarriesBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
