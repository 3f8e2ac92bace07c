using InfoHub.Directory.Activities;
using InfoHub.Directory.DemoData;
using InfoHub.Directory.Imports;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Positions;
using InfoHub.Directory.Situations;
using InfoHub.Directory.Snapshots;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory;

public static class DirectoryExtensions
{
    /// <summary>The service's name: its store key, database name and queue prefix.</summary>
    public const string Service = "directory";

    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddMessaging();
        builder.AddDocumentStore(Service, OrganizationStore.Collection, SituationStore.Collection, PositionStore.Collection);
        builder.AddOutboxRelay(Service);
        builder.Services.AddSingleton<SituationStore>();
        builder.Services.AddSingleton<PositionStore>();
        builder.Services.AddSingleton<OrganizationStore>();
        builder.Services.AddHostedService<SearchTextUpgrade>();
        builder.Services.AddSingleton<DirectoryImporter>();
        builder.AddAuditTrail(Service);
        builder.AddConsumer<DirectorySnapshotRequestedConsumer>();
        builder.AddConsumer<DirectorySnapshotPageConsumer>();
        builder.Services.AddOptions<CheckpointOptions>().BindConfiguration(CheckpointOptions.Section)
            .Validate(o => o.CheckpointInterval >= TimeSpan.FromSeconds(1), "Directory:CheckpointInterval must be at least 1 second.").ValidateOnStart();
        builder.Services.AddSingleton<DirectoryCheckpoints>();
        builder.Services.AddHostedService<DirectoryCheckpointPublisher>();
        builder.AddDemoOrganizations();
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub directory",
            "Who works on what, where: organizations' profiles, activities and positions, the curated situations, faceted search, " +
            "imports and exports. Reads are public; writes need an access token.", "/api/directory"));
        return builder;
    }

    public static IEndpointRouteBuilder MapDirectory(this IEndpointRouteBuilder app)
    {
        app.MapOrganizations();
        app.MapActivities();
        app.MapPositions();
        app.MapSituations();
        app.MapImportsAndExports();
        app.MapSnapshots();
        app.MapVocabularies();
        app.MapAuditTrail("/api/directory/audit", Service);
        return app;
    }
}
