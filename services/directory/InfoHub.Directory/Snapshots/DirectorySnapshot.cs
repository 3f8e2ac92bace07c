using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Positions;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using MassTransit;

namespace InfoHub.Directory.Snapshots;

/// <summary>
/// A page of a snapshot still to republish. The directory sends it to itself, so a large directory goes out a page at a
/// time: each page its own message, retried on its own, and any instance of the directory may take the next one.
/// </summary>
public sealed record PublishDirectorySnapshotPage
{
    public required Guid RequestId { get; init; }
    public required string RequestedBy { get; init; }
    /// <summary>The collection under way: situations, then organizations (with their activities), then positions.</summary>
    public required string Collection { get; init; }
    /// <summary>The last id of the page before (none on a collection's first page).</summary>
    public string? AfterId { get; init; }
    /// <summary>Events republished by the pages before.</summary>
    public long Published { get; init; }
}

/// <summary>Answers <see cref="DirectorySnapshotRequested"/> by starting the first page.</summary>
public sealed class DirectorySnapshotRequestedConsumer : IConsumer<DirectorySnapshotRequested>
{
    public Task Consume(ConsumeContext<DirectorySnapshotRequested> context) =>
        context.Publish(new PublishDirectorySnapshotPage
        {
            RequestId = context.Message.RequestId, RequestedBy = context.Message.RequestedBy, Collection = DirectorySnapshotPageConsumer.Order[0],
        }, context.CancellationToken);
}

/// <summary>
/// Republishes one page of the directory's state with the stored versions — situations, organizations (or their removal)
/// with their activities, public positions — so a new or rebuilt consumer catches up and an up-to-date one ignores them;
/// then asks for the next page, or, after the last, announces <see cref="DirectorySnapshotCompleted"/> and a checkpoint.
/// Positions that are not public stay off the bus, as always.
/// </summary>
public sealed class DirectorySnapshotPageConsumer(
    [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
    DirectoryCheckpoints checkpoints,
    TimeProvider clock,
    ILogger<DirectorySnapshotPageConsumer> logger) : IConsumer<PublishDirectorySnapshotPage>
{
    internal static readonly string[] Order = [SituationStore.Collection, OrganizationStore.Collection, PositionStore.Collection];

    /// <summary>Documents a page: organizations bring their activities (up to 500 each), so pages stay small.</summary>
    private const int PageSize = 200;

    public async Task Consume(ConsumeContext<PublishDirectorySnapshotPage> context)
    {
        var ct = context.CancellationToken;
        var page = context.Message;
        var at = Array.IndexOf(Order, page.Collection);
        if (at < 0) throw new ArgumentException($"No such collection to republish: {page.Collection}.", nameof(context));

        var documents = await store.ScanAsync(page.Collection, page.AfterId, PageSize, ct);
        var events = documents.SelectMany(d => EventsOf(page.Collection, d)).ToList();
        foreach (var e in events) await context.Publish(e, ct);
        var published = page.Published + events.Count;

        if (documents.Count == PageSize)
        {
            await context.Publish(page with { AfterId = documents[^1].Id, Published = published }, ct);
        }
        else if (at + 1 < Order.Length)
        {
            await context.Publish(page with { Collection = Order[at + 1], AfterId = null, Published = published }, ct);
        }
        else
        {
            await context.Publish(new DirectorySnapshotCompleted
            {
                RequestId = page.RequestId, RequestedBy = page.RequestedBy, CompletedAt = clock.GetUtcNow(), Published = published,
            }, ct);
            await context.Publish(await checkpoints.TakeAsync(ct), ct);
            logger.LogInformation("Directory snapshot {RequestId} for {RequestedBy}: {Count} events republished.", page.RequestId, page.RequestedBy, published);
        }
    }

    private static IEnumerable<object> EventsOf(string collection, StoredDocument document)
    {
        if (collection == SituationStore.Collection)
        {
            if (!document.Deleted) yield return JsonSerializer.Deserialize<Situation>(document.Json, JsonSerializerOptions.Web)!.State<SituationUpdated>(Guid.NewGuid());
        }
        else if (collection == OrganizationStore.Collection)
        {
            var organization = OrganizationStore.Read(document.Json);
            if (document.Deleted)
            {
                yield return organization.Removed(Guid.NewGuid());
                yield break;
            }
            yield return organization.State<OrganizationUpdated>(Guid.NewGuid());
            foreach (var activity in organization.AllActivities) yield return activity.State<ActivityUpdated>(Guid.NewGuid(), organization.Id);
        }
        else
        {
            var position = JsonSerializer.Deserialize<Position>(document.Json, JsonSerializerOptions.Web)!;
            if (document.Deleted) yield return position.Withdrawn(Guid.NewGuid());
            else if (position.IsPublic) yield return position.Published(Guid.NewGuid());
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
            return TypedResults.Accepted((string?)null, new SnapshotAccepted(request.RequestId));
        }).RequireAuthorization(Access.Secretariat).WithTags("Snapshots")
            .WithSummary("Republish the directory's state").WithDescription("Every organization, activity, situation and public position goes out again as events, a page at a time.");
        return app;
    }
}

/// <param name="RequestId">The snapshot's id, carried by its <c>DirectorySnapshotCompleted</c> event.</param>
public sealed record SnapshotAccepted(Guid RequestId);
