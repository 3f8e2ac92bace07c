using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace InfoHub.Gateway;

/// <summary>
/// Bound from <c>Gateway:ForwardedHeaders</c>: the proxies in front of the gateway (a load balancer, a TLS terminator)
/// whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> it believes, so that rate limits key by the real
/// client's address. Empty, the default, trusts no one: the headers are then ignored, whoever sends them.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string Section = "Gateway:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many entries of <c>X-Forwarded-For</c> to take, from the right: the number of trusted proxies in a row.</summary>
    [Range(1, 10)] public int ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"{Section}:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{Section}:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).", [nameof(KnownNetworks)]);
    }
}

public static class ForwardedHeaders
{
    /// <summary>
    /// Applies the trusted proxies' forwarded headers first in the pipeline, before anything reads the client's address;
    /// with none configured the middleware is not added at all. ASP.NET Core's own default (trust loopback) is cleared:
    /// the gateway trusts exactly what its configuration names.
    /// </summary>
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                                 | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                                 | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = settings.Value.ForwardLimit;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            // Validated at start-up; entries that do not parse never get this far.
            foreach (var proxy in settings.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        if (configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() is { TrustsAnyProxy: true })
            services.AddTransient<IStartupFilter, ForwardedHeadersFirst>();
        return services;
    }

    private sealed class ForwardedHeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseForwardedHeaders();
            next(app);
        };
    }
}
