using InfoHub.Directory.DemoData;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Messaging;
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
        builder.AddDocumentStore(Service, OrganizationStore.Collection);
        builder.Services.AddSingleton<OrganizationStore>();
        builder.AddAuditTrail(Service);
        builder.AddDemoOrganizations();
        return builder;
    }

    public static IEndpointRouteBuilder MapDirectory(this IEndpointRouteBuilder app)
    {
        app.MapOrganizations();
        app.MapVocabularies();
        app.MapAuditTrail("/api/directory/audit", Service);
        return app;
    }
}
