using InfoHub.NewsDigest.Council;
using InfoHub.NewsDigest.Developments;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest;

/// <summary>
/// UN developments, the Security Council agenda, resolution status and periodic digests. So far: the Council's
/// membership and presidency (seeded); developments, the programme of work, resolutions and digests come next.
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
        builder.AddAuditTrail(Service);
        builder.AddSituationReplicas();
        builder.AddDevelopments();
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub news digest",
            "UN developments, the Security Council agenda, resolution status and periodic digests. So far: the Council's members and presidency.", "/api/news"));
        return builder;
    }

    /// <summary>Whether the embedded default's demo content (marked as such) is seeded into an empty store: <c>NewsDigest:DemoData</c>.</summary>
    public static bool DemoData(this IHostApplicationBuilder builder) => builder.Configuration.GetValue<bool>("NewsDigest:DemoData");

    public static IEndpointRouteBuilder MapNewsDigest(this IEndpointRouteBuilder app)
    {
        app.MapCouncil();
        app.MapSituationReplicas();
        app.MapDevelopments();
        app.MapAuditTrail("/api/news/audit", Service);
        return app;
    }
}
