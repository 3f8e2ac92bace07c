namespace InfoHub.Gateway;

/// <summary>
/// The gateway is configuration: routes and clusters live in appsettings.json (section <c>ReverseProxy</c>);
/// each environment overrides destinations with variables such as
/// <c>ReverseProxy__Clusters__directory__Destinations__primary__Address</c>.
/// </summary>
public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy();
        return app;
    }
}
