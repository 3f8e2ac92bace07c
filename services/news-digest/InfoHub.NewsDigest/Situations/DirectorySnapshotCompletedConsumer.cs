using InfoHub.Contracts.Directory;
using InfoHub.Platform.CatchUp;
using MassTransit;

namespace InfoHub.NewsDigest.Situations;

/// <summary>A snapshot is complete: if it is the one news-digest asked for, it is caught up on what it consumes.</summary>
public sealed class DirectorySnapshotCompletedConsumer([FromKeyedServices(NewsDigestExtensions.Service)] DirectoryCatchUp catchUp) : IConsumer<DirectorySnapshotCompleted>
{
    public Task Consume(ConsumeContext<DirectorySnapshotCompleted> context) =>
        catchUp.OnSnapshotCompletedAsync(context.Message, context.CancellationToken);
}
