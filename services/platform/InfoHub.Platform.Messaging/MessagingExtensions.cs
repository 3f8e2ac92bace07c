using System.Text.Json;
using InfoHub.Platform.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace InfoHub.Platform.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Adds the process's one MassTransit bus, once, whichever services the process hosts. Services add their
    /// consumers with <see cref="AddConsumer{T}"/>; the bus picks them up from the container.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(MessagingMarker))) return builder;
        services.AddSingleton<MessagingMarker>();

        services.AddOptions<MessagingOptions>()
            .Bind(builder.Configuration.GetSection(MessagingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();

        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(ServiceEndpointNameFormatter.Instance);
            // MassTransit 8.5 reports usage to its vendor over HTTPS by default; nothing leaves a deployment unless configured.
            bus.DisableUsageTelemetry();
            // Readiness: a broker outage degrades the service but leaves it ready, for its writes still land (their
            // events wait in the outbox); only a store that does not answer takes it out of rotation.
            bus.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "broker";
                o.MinimalFailureStatus = HealthStatus.Degraded;
                o.Tags.Add("ready");
                o.Tags.Add("masstransit");
            });
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                // Retrying cannot mend a message that is malformed (JSON without a required field) or invalid (a null
                // where its record declares none): those fault at once, with the reason, into the _error queue.
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<InvalidMessageException>();
                    r.Ignore<JsonException>();
                    r.Intervals(options.RetrySchedule);
                });
                endpoint.UseConsumeFilter(typeof(MessageValidationFilter<>), context);
            });
            // Revocations concern every process that validates tokens, so each process has a queue of its own.
            bus.AddConsumer<SubjectTokensRevokedConsumer>().Endpoint(e =>
            {
                e.Name = SubjectTokensRevokedConsumer.QueueName(builder.Environment.ApplicationName);
                e.Temporary = true;
            });

            if (options.Transport == MessagingTransport.RabbitMq && MessagingOptions.TryParseBroker(options.RabbitMq, out var broker))
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var (user, password) = Credentials(broker);
                    var virtualHost = broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));
                    cfg.Host(broker.Host, broker.IsDefaultPort ? (ushort)5672 : (ushort)broker.Port, virtualHost, h =>
                    {
                        h.Username(user);
                        h.Password(password);
                        if (broker.Scheme == "amqps") h.UseSsl(_ => { });
                    });
                    cfg.ConfigureEndpoints(context);
                });
                services.AddSingleton(new ErrorQueueRedriver.BrokerAddress(broker));
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });

        // Let the web host start (and accept writes into the outbox) while the broker is still unreachable.
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        services.AddSingleton<ErrorQueueRedriver>();
        // One bus per process, so one set of error-queue endpoints, whichever services the process hosts.
        services.AddDefaultEndpoints<ErrorQueueAdminEndpoints>();
        services.AddSingleton<MessageValidator>();
        return builder;
    }

    /// <summary>Registers a consumer with the process's bus; its queue is named after the owning service (see <see cref="ServiceEndpointNameFormatter"/>).</summary>
    public static IHostApplicationBuilder AddConsumer<T>(this IHostApplicationBuilder builder) where T : class, IConsumer
    {
        builder.AddMessaging();
        MassTransit.Configuration.DependencyInjectionConsumerRegistrationExtensions.RegisterConsumer<T>(builder.Services);
        builder.Services.AddSingleton(new ConsumerEndpoint(ServiceEndpointNameFormatter.Instance.Consumer<T>()));
        return builder;
    }

    private static (string User, string Password) Credentials(Uri broker)
    {
        if (string.IsNullOrEmpty(broker.UserInfo)) return ("guest", "guest");
        var parts = broker.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    private sealed class MessagingMarker;

    private sealed class ErrorQueueAdminEndpoints : IDefaultEndpoints
    {
        public void Map(WebApplication app) => app.MapErrorQueueAdmin();
    }
}

/// <summary>The receive endpoint (queue) a consumer of this process reads.</summary>
public sealed record ConsumerEndpoint(string QueueName);
