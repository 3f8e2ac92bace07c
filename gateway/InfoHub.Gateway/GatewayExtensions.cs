using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Yarp.ReverseProxy.Health;

namespace InfoHub.Gateway;

/// <summary>
/// The gateway is configuration: routes and clusters live in appsettings.json (section <c>ReverseProxy</c>), each
/// route naming its <c>AuthorizationPolicy</c>, <c>RateLimiterPolicy</c> and <c>TimeoutPolicy</c>; each environment
/// overrides destinations, or adds instances, with variables such as
/// <c>ReverseProxy__Clusters__directory__Destinations__second__Address</c>. Each cluster balances over its
/// destinations and leaves out those that fail their probes or their requests (see the README, <i>Operations</i>).
/// The services authorize every request themselves; the gateway only turns away, early, calls that carry no valid
/// token on routes that need one, and callers that exceed their rate.
/// </summary>
public static class GatewayExtensions
{
    /// <summary>Route policy: any valid access token (the services then check roles and ownership).</summary>
    public const string Authenticated = "authenticated";

    /// <summary>
    /// Route rate-limiter policy: a fixed window per token subject, or per address for anonymous callers (the address a
    /// trusted proxy forwarded, see <see cref="ForwardedHeadersSettings"/>).
    /// </summary>
    public const string PerClient = "per-client";

    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();

        builder.Services.AddAuthorizationBuilder().AddPolicy(Authenticated, p =>
            p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());

        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerClient, http =>
            {
                var subject = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst("sub")?.Value : null;
                return subject is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("sub:" + subject, _ => Window(limits.SignedInPermits, limits.Window))
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => Window(limits.AnonymousPermits, limits.Window));
            });
            o.OnRejected = async (context, ct) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)Math.Ceiling(limits.Window.TotalSeconds);
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"This client's rate limit is reached; retry after {seconds} s." },
                });
            };
        });

        builder.Services.AddTrustedForwardedHeaders(builder.Configuration);
        builder.Services.AddRouteTimeouts(builder.Configuration);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, FailureOrTimeoutHealthPolicy>();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // Authentication and authorization run in the service defaults' pipeline; the limiter needs their verdict.
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.MapApiReference();
        app.MapReverseProxy(proxy =>
        {
            // The default pipeline, with route timeouts answered as such once passive health has seen them.
            proxy.Use(RouteTimeouts.AnswerTimeoutsAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>Bound from <c>Gateway:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    [Range(1, 1_000_000)] public int SignedInPermits { get; set; } = 1200;
    [Range(1, 1_000_000)] public int AnonymousPermits { get; set; } = 300;
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
