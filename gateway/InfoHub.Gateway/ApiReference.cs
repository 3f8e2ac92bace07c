using InfoHub.Platform.Http;
using Scalar.AspNetCore;

namespace InfoHub.Gateway;

/// <summary>
/// One API reference for every service, at <see cref="Path"/>: Scalar's page over the services' OpenAPI documents,
/// each of which the gateway routes from <c>/openapi/{service}.json</c> to its service (a route per cluster in
/// appsettings.json). The page's script comes from the gateway itself, and everything Scalar would fetch from its own
/// hosts (fonts, telemetry, its AI agent and MCP integration) is turned off: nothing leaves the deployment.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api-reference";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        // Every cluster is a service, and each service names its document after itself; the directory's opens first.
        // The web portal's cluster has no API (its metadata says "OpenApi": "none").
        var documents = app.Configuration.GetSection("ReverseProxy:Clusters").GetChildren()
            .Where(c => c["Metadata:OpenApi"] != "none")
            .Select(c => new ScalarDocument(c.Key, c.Key, ApiDocuments.PathOf(c.Key), c.Key == "directory"))
            .ToList();
        app.MapScalarApiReference(Path, options => options
                .WithTitle("InfoHub API reference")
                .AddDocuments(documents)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                // Its "share" and "generate SDK" buttons would upload a document to Scalar's own service.
                .HideDeveloperTools())
            .AllowAnonymous()
            .RequireRateLimiting(GatewayExtensions.PerClient);
        return app;
    }
}
