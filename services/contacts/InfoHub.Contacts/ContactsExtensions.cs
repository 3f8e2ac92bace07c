using InfoHub.Contacts.Organizations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.CatchUp;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.Contacts;

public static class ContactsExtensions
{
    /// <summary>The service's name: its store key, database name and queue prefix.</summary>
    public const string Service = "contacts";

    public static IHostApplicationBuilder AddContacts(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddDocumentStore(Service, OrganizationReplicas.Collection, DirectoryCatchUp.ManifestCollection);
        builder.AddOutboxRelay(Service);
        builder.Services.AddSingleton<OrganizationReplicas>();
        builder.AddAuditTrail(Service);
        // Private data: attempts that were turned away are on record too.
        builder.AddRefusalAudit(Service, "/api/contacts");
        builder.AddConsumer<OrganizationRegisteredConsumer>();
        builder.AddConsumer<OrganizationUpdatedConsumer>();
        builder.AddConsumer<OrganizationRemovedConsumer>();
        builder.AddConsumer<DirectoryCheckpointedConsumer>();
        builder.AddConsumer<DirectorySnapshotCompletedConsumer>();
        builder.AddDirectoryCatchUp(Service, "Contacts:CatchUp", typeof(ContactsExtensions).Assembly,
            new DirectoryCopy(OrganizationReplicas.Collection, checkpoint => checkpoint.Organizations));
        builder.AddApiDocument(new ApiDocument(Service, "InfoHub contacts",
            "Private contact data of the network's organizations, for members and the secretariat; every read is on record.", "/api/contacts"));
        return builder;
    }

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        app.MapOrganizationReplicas();
        app.MapAuditTrail("/api/contacts/audit", Service);
        return app;
    }
}
