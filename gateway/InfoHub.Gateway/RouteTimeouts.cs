using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace InfoHub.Gateway;

/// <summary>
/// How long a proxied request may take in all: each route names a <c>TimeoutPolicy</c>, <see cref="Api"/> or
/// <see cref="Bulk"/>, and a request over it gets a 504 problem instead of waiting for a destination that does not answer.
/// </summary>
public static class RouteTimeouts
{
    /// <summary>Route timeout policy: ordinary API calls, sign-in and tokens.</summary>
    public const string Api = "api";

    /// <summary>Route timeout policy: imports and exports, a whole directory in one request.</summary>
    public const string Bulk = "bulk";

    public static IServiceCollection AddRouteTimeouts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TimeoutOptions>().Bind(configuration.GetSection(TimeoutOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<TimeoutOptions>>((o, timeouts) =>
        {
            o.AddPolicy(Api, Policy(timeouts.Value.Api));
            o.AddPolicy(Bulk, Policy(timeouts.Value.Bulk));
        });
        return services;
    }

    /// <summary>
    /// A step of the proxy pipeline: hands a route timeout back to the request-timeouts middleware, which answers with
    /// the policy's 504. YARP 2.3 takes the cancelled request for a client that went away and answers 400
    /// (dotnet/yarp#2662), so the cancellation is raised again here, as the middleware expects it.
    /// </summary>
    public static async Task AnswerTimeoutsAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (CutShort(context) && !context.Response.HasStarted)
            throw new OperationCanceledException("The route's timeout expired before the destination answered.", context.RequestAborted);
    }

    /// <summary>Whether the route's timeout, not the client, ended this proxied request.</summary>
    public static bool CutShort(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>() is not null
        && context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;

    private static RequestTimeoutPolicy Policy(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = context =>
        {
            var service = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId ?? "upstream";
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 504, Title = "Gateway timeout", Detail = $"The {service} service did not answer within {seconds} s." },
            }).AsTask();
        },
    };
}

/// <summary>Bound from <c>Gateway:Timeouts</c>: the whole time a request may take, per route timeout policy.</summary>
public sealed class TimeoutOptions
{
    public const string Section = "Gateway:Timeouts";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan Api { get; set; } = TimeSpan.FromSeconds(10);
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan Bulk { get; set; } = TimeSpan.FromMinutes(2);
}
