using InfoHub.Contracts.Directory;
using InfoHub.Platform.Storage;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

/// <summary>
/// On a first start (or after the replica was rebuilt empty) asks the directory to republish its state, so contacts
/// knows the organizations that were registered before it existed.
/// </summary>
public sealed class DirectoryCatchUp(
    [FromKeyedServices(ContactsExtensions.Service)] IDocumentStore store,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<DirectoryCatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 30 && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                if ((await store.SearchAsync(OrganizationReplicas.Collection, new SearchQuery(null, 1), ct)).Total > 0) return;
                await services.GetRequiredService<IPublishEndpoint>().Publish(new DirectorySnapshotRequested
                {
                    RequestId = Guid.NewGuid(), RequestedAt = clock.GetUtcNow(), RequestedBy = ContactsExtensions.Service,
                }, ct);
                logger.LogInformation("The organization replica is empty: asked the directory for a snapshot.");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not ask the directory for a snapshot yet (attempt {Attempt}); retrying.", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }
}
