using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest;

/// <summary>
/// UN developments, the Security Council agenda, resolution status and periodic digests. So far only its store,
/// bus connection and health endpoints exist; its features arrive with their own issue.
/// </summary>
public static class NewsDigestExtensions
{
    public const string Service = "news-digest";

    public static IHostApplicationBuilder AddNewsDigest(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddMessaging();
        builder.AddDocumentStore(Service, "news");
        builder.AddOutboxRelay(Service);
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub news digest",
            "UN developments, the Security Council agenda, resolution status and periodic digests. No operations yet: they arrive with their own issue.", "/api/news"));
        return builder;
    }

    public static IEndpointRouteBuilder MapNewsDigest(this IEndpointRouteBuilder app) => app;
}
