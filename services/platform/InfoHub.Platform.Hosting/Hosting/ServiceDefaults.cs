using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InfoHub.Platform.Hosting;

public static class ServiceDefaults
{
    /// <summary>Trace sources every InfoHub process listens to.</summary>
    public static readonly string[] ActivitySources = ["MassTransit", "InfoHub.Outbox", "Yarp.ReverseProxy"];

    /// <summary>
    /// What every InfoHub process needs once: OpenTelemetry, problem details for every error, request size limits,
    /// JSON conventions, health checks and resilient outgoing HTTP. Safe to call more than once (the embedded host composes services).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(DefaultsMarker))) return builder;
        services.AddSingleton<DefaultsMarker>();
        services.TryAddSingletonTimeProvider();

        builder.ConfigureOpenTelemetry();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            if (Activity.Current is { } activity) context.ProblemDetails.Extensions.TryAdd("traceId", activity.TraceId.ToString());
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        var maxBody = builder.Configuration.GetValue<long?>("Hosting:MaxRequestBodyBytes") ?? 1024 * 1024;
        services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = maxBody;
            // What Kestrel refuses before the application (414, a NUL in the path, ...) answers with problem+json too.
            o.ConfigureEndpointDefaults(InfoHub.Platform.Http.ServerRefusals.Use);
        });

        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddCheck<StartedCheck>("started", HealthStatus.Unhealthy, ["ready"]);
        // Start-up work (store initialization, the identity bootstrap, demo data, the bus) runs side by side rather than
        // one after another; the listener may open before it is all done, so readiness waits for "started" (below).
        // Stopping stays in order: an outbox relay stops before the bus it publishes on.
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.AddTokenValidation();
        services.AddAntiforgery();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    /// <summary>Error handling and the health endpoints; call right after <c>Build()</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Lower layers name the status their exceptions mean (e.g. the store's concurrency conflict is a 409).
        var mapped = app.Services.GetServices<ExceptionStatusCode>().ToList();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,
                OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
                _ => mapped.FirstOrDefault(m => m.ExceptionType.IsInstanceOfType(e))?.StatusCode ?? StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        if (app.Services.GetServices<IRefusedRequestObserver>().ToList() is { Count: > 0 } observers)
        {
            // Outside token refusal and authorization, so it sees every 401 and 403 they answer.
            app.Use(async (context, next) =>
            {
                await next(context);
                if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
                    foreach (var observer in observers) await observer.OnRefusedAsync(context);
            });
        }
        app.UseInvalidTokenRefusal();
        app.UseAuthenticationOfCredentials();
        app.UseAuthorization();
        app.UseAntiforgery();

        // Mapped in every environment: orchestrators probe them. The gateway does not route /health to services.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live"), ResponseWriter = WriteHealth }).AllowAnonymous();
        // Operator endpoints of the platform parts this process uses (error queues, outboxes), each mapped once.
        foreach (var part in app.Services.GetServices<IDefaultEndpoints>()) part.Map(app);
        // Ready means "send me requests": so 200 while only the broker is away (Degraded: writes still land, their events
        // wait in the outbox) and 503 only when a check that makes requests fail, the store, is Unhealthy.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("ready"),
            ResponseWriter = WriteHealth,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }

    private static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit"));
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return builder;

        // Spans are recorded only when they are exported: a span nobody exports is pure cost (the gateway records three
        // per proxied request, about a sixth of its CPU per request: bench/README.md, "Gateway cost"). Without them the
        // trace context still flows: ASP.NET Core starts an Activity per request, which problem details name as traceId
        // and outgoing HTTP requests carry on as traceparent.
        otel.WithTracing(t => t
                .AddSource(ActivitySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        });
    }

    private sealed class DefaultsMarker;

    /// <summary>Not ready until every hosted service of the process has started: what it serves is complete (demo data included).</summary>
    private sealed class StartedCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
            Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy("started")
                : HealthCheckResult.Unhealthy("still starting"));
    }
}
