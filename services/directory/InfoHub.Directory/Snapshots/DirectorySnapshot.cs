using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Positions;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using MassTransit;

namespace InfoHub.Directory.Snapshots;

/// <summary>
/// Answers <see cref="DirectorySnapshotRequested"/>: republishes the current state of every situation, organization
/// (or its removal), activity and public position with their stored versions, so a new or rebuilt consumer catches up
/// and an up-to-date one ignores them. Positions that are not public stay off the bus, as always.
/// </summary>
public sealed class DirectorySnapshotRequestedConsumer(
    [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
    ILogger<DirectorySnapshotRequestedConsumer> logger) : IConsumer<DirectorySnapshotRequested>
{
    private const int Page = 500;

    public async Task Consume(ConsumeContext<DirectorySnapshotRequested> context)
    {
        var ct = context.CancellationToken;
        var published = 0;
        async Task Publish(object message)
        {
            await context.Publish(message, ct);
            published++;
        }

        await ForEachAsync(SituationStore.Collection, async d =>
        {
            if (!d.Deleted) await Publish(JsonSerializer.Deserialize<Situation>(d.Json, JsonSerializerOptions.Web)!.State<SituationUpdated>(Guid.NewGuid()));
        }, ct);
        await ForEachAsync(OrganizationStore.Collection, async d =>
        {
            var organization = OrganizationStore.Read(d.Json);
            if (d.Deleted)
            {
                await Publish(organization.Removed(Guid.NewGuid()));
                return;
            }
            await Publish(organization.State<OrganizationUpdated>(Guid.NewGuid()));
            foreach (var activity in organization.AllActivities) await Publish(activity.State<ActivityUpdated>(Guid.NewGuid(), organization.Id));
        }, ct);
        await ForEachAsync(PositionStore.Collection, async d =>
        {
            var position = JsonSerializer.Deserialize<Position>(d.Json, JsonSerializerOptions.Web)!;
            if (d.Deleted) await Publish(position.Withdrawn(Guid.NewGuid()));
            else if (position.IsPublic) await Publish(position.Published(Guid.NewGuid()));
        }, ct);
        logger.LogInformation("Directory snapshot {RequestId} for {RequestedBy}: {Count} events republished.",
            context.Message.RequestId, context.Message.RequestedBy, published);
    }

    private async Task ForEachAsync(string collection, Func<StoredDocument, Task> action, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(collection, after, Page, ct);
            foreach (var document in page) await action(document);
            if (page.Count < Page) return;
            after = page[^1].Id;
        }
    }
}

public static class SnapshotEndpoints
{
    /// <summary><c>POST /api/directory/snapshots</c>: the secretariat asks the directory to republish its state (202).</summary>
    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/directory/snapshots", async (HttpContext http, IPublishEndpoint bus, TimeProvider clock, CancellationToken ct) =>
        {
            var request = new DirectorySnapshotRequested
            {
                RequestId = Guid.NewGuid(), RequestedAt = clock.GetUtcNow(),
                RequestedBy = http.User.FindFirst("sub")?.Value ?? http.User.Identity?.Name ?? "secretariat",
            };
            await bus.Publish(request, ct);
            return TypedResults.Accepted((string?)null, new { request.RequestId });
        }).RequireAuthorization(Access.Secretariat).WithTags("Snapshots");
        return app;
    }
}
