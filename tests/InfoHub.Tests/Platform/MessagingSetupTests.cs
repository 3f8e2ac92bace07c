using InfoHub.Platform.Messaging;
using MassTransit;
using MassTransit.UsageTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InfoHub.Tests.Platform;

/// <summary>The shared MassTransit setup every service gets from <see cref="MessagingExtensions.AddMessaging"/>.</summary>
public sealed class MessagingSetupTests
{
    private static IHost Build(string transport)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration["Messaging:Transport"] = transport;
        builder.AddMessaging();
        return builder.Build();
    }

    [Theory]
    [InlineData("RabbitMq")]
    [InlineData("InMemory")]
    public void The_bus_reports_no_usage_telemetry(string transport)
    {
        using var host = Build(transport);

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        // What the bus itself consults (it also reads MASSTRANSIT_USAGE_TELEMETRY, which an operator may set).
        Assert.False(Assert.IsType<UsageTracker>(host.Services.GetRequiredService<IUsageTracker>()).Enabled);
    }
}
