using InfoHub.NewsDigest.AgendaWatch;
using InfoHub.NewsDigest.Calendar;
using InfoHub.NewsDigest.Council;
using InfoHub.NewsDigest.DemoData;
using InfoHub.NewsDigest.Developments;
using InfoHub.NewsDigest.Digests;
using InfoHub.NewsDigest.NetworkNews;
using InfoHub.NewsDigest.Programme;
using InfoHub.NewsDigest.Resolutions;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest;

/// <summary>
/// UN developments, the Security Council agenda, resolution status and periodic digests: the Council's
/// membership and presidency (seeded), the resolution tracker, developments, the programme of work and the digest.
/// </summary>
public static class NewsDigestExtensions
{
    public const string Service = "news-digest";

    public static IHostApplicationBuilder AddNewsDigest(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddMessaging();
        // The collections listed are the ones searched (MongoDB keeps an index of them in memory).
        builder.AddDocumentStore(Service, CalendarStore.Collection, DevelopmentStore.Collection, DigestStore.Collection, MeetingStore.Collection, NetworkNewsStore.Collection,
            ResolutionStore.Collection, SituationReplicas.Collection);
        builder.AddOutboxRelay(Service);
        builder.AddAuditTrail(Service);
        builder.Services.AddHostedService<CouncilAnnouncements>();
        builder.Services.AddSingleton<ResolutionStore>();
        builder.AddDemoResolutions();
        builder.AddProgramme();
        builder.AddSituationReplicas();
        builder.AddDevelopments();
        builder.AddDigests();
        builder.AddCalendar();
        builder.AddAgendaWatch();
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub news digest",
            "UN developments, the Security Council's members, presidency and programme of work, the resolution tracker, and the secretariat's periodic digests. Reads of what is published are public; writes are the secretariat's.", "/api/news"));
        return builder;
    }

    /// <summary>Whether the embedded default's demo content (marked as such) is seeded into an empty store: <c>NewsDigest:DemoData</c>.</summary>
    public static bool DemoData(this IHostApplicationBuilder builder) => builder.Configuration.GetValue<bool>("NewsDigest:DemoData");

    public static IEndpointRouteBuilder MapNewsDigest(this IEndpointRouteBuilder app)
    {
        app.MapCouncil();
        app.MapResolutions();
        app.MapProgramme();
        app.MapSituationReplicas();
        app.MapDevelopments();
        app.MapDigests();
        app.MapCalendar();
        app.MapAgendaWatch();
        app.MapAuditTrail("/api/news/audit", Service);
        return app;
    }
}
