using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.Resources;

/// <summary>
/// Lessons learned, training, campaign and education resources, key UN documents. So far only its store,
/// bus connection and health endpoints exist; its features arrive with their own issue.
/// </summary>
public static class ResourcesExtensions
{
    public const string Service = "resources";

    public static IHostApplicationBuilder AddResources(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddMessaging();
        builder.AddDocumentStore(Service, "resources");
        builder.AddOutboxRelay(Service);
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub resources",
            "Lessons learned, training, campaign and education resources, key UN documents. No operations yet: they arrive with their own issue.", "/api/resources"));
        return builder;
    }

    public static IEndpointRouteBuilder MapResources(this IEndpointRouteBuilder app) => app;
}
